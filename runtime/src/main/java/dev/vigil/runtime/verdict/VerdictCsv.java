package dev.vigil.runtime.verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV layout of a file scan's results ({@code vigil scan --format csv}, {@code vigil-spark
 * --format csv}; docs/output-schema.md, "CSV"): the scalar fields of {@link VerdictJson} in its
 * order, the per-expert means as {@code expert_score.NAME} and {@code gate_weight.NAME} columns,
 * the file's size and time, and the timeline as one JSON array in {@code segments} when asked for.
 */
public final class VerdictCsv {
  private VerdictCsv() {}

  /** The scalar columns before the expert columns. */
  public static final List<String> LEADING =
      List.of(
          VerdictJson.PATH,
          VerdictJson.CHANNEL,
          VerdictJson.LABEL,
          VerdictJson.SCORE,
          VerdictJson.THRESHOLD,
          VerdictJson.DURATION_S,
          VerdictJson.N_SEGMENTS,
          VerdictJson.N_SILENT_SEGMENTS,
          VerdictJson.MAX_SEGMENT_SCORE);

  /** The scalar columns after the expert columns ({@code warnings} joined with {@code ;}). */
  public static final List<String> TRAILING =
      List.of(
          VerdictJson.CODEC,
          VerdictJson.CONTAINER,
          VerdictJson.SAMPLE_RATE_HZ,
          VerdictJson.CHANNELS,
          VerdictJson.MODEL_ID,
          VerdictJson.MODEL_VERSION,
          VerdictJson.PROCESSING_MS,
          VerdictJson.WARNINGS,
          VerdictJson.ERROR,
          VerdictJson.ERROR_CODE,
          VerdictJson.FILE_SIZE_BYTES,
          VerdictJson.FILE_MTIME_MS);

  /** The column of an expert's mean score. */
  public static String expertScore(String expert) {
    return "expert_score." + expert;
  }

  /** The column of an expert's mean gate weight. */
  public static String gateWeight(String expert) {
    return "gate_weight." + expert;
  }

  /** The header row for a model's experts, with the {@code segments} column when asked for. */
  public static List<String> header(List<String> experts, boolean segments) {
    List<String> h = new ArrayList<>(LEADING);
    experts.forEach(e -> h.add(expertScore(e)));
    experts.forEach(e -> h.add(gateWeight(e)));
    h.addAll(TRAILING);
    if (segments) {
      h.add(VerdictJson.SEGMENTS);
    }
    return h;
  }
}
