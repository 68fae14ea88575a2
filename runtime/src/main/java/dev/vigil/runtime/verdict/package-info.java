/**
 * Verdicts: per-segment scores ({@link dev.vigil.runtime.verdict.SegmentVerdict}), the file-level
 * aggregation ({@link dev.vigil.runtime.verdict.Aggregation}: mean log-odds of the non-silent
 * segments, maximum, per-expert means, label, warnings) and relabelling at another threshold.
 */
package dev.vigil.runtime.verdict;
