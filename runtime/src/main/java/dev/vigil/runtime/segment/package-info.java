/**
 * Cutting audio into the model's windows: {@link dev.vigil.runtime.segment.SegmentConfig} (from the
 * model's {@code vigil.segment}), the streaming {@link dev.vigil.runtime.segment.Segmenter} that
 * keeps only O(W) samples, and {@link dev.vigil.runtime.segment.SegmentReader}, which decodes,
 * down-mixes or splits, resamples and segments one input block by block, or, for a pushed stream,
 * takes its bytes piece by piece ({@link dev.vigil.runtime.segment.PushSession}) through the same
 * {@code ChannelPipe}.
 */
package dev.vigil.runtime.segment;
