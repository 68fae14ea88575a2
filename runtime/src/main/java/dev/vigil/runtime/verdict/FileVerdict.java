package dev.vigil.runtime.verdict;

import dev.vigil.runtime.decode.AudioInfo;
import java.util.List;

/**
 * The verdict for one file (or one channel of it, when channels are scored apart).
 *
 * @param source the file path or upload name
 * @param channel the channel index when channels are scored apart, else -1 (down-mixed)
 * @param label {@code spoof} when {@code score >= threshold}
 * @param score the file score: mean log-odds of the non-silent segments mapped back through the
 *     sigmoid, P(spoof)
 * @param threshold the threshold the label was decided at
 * @param maxSegmentScore the highest non-silent segment score
 * @param durationSeconds duration of the decoded audio, seconds
 * @param audio the source format
 * @param expertNames the model's experts, in output order
 * @param expertScores mean P(spoof) per expert over the non-silent segments
 * @param gateWeights mean gate weight per expert over the non-silent segments
 * @param segments every window, silent ones included
 * @param warnings machine-readable warnings, e.g. {@code partial_spoof_suspected}
 * @param timings where the time went
 */
public record FileVerdict(
    String source,
    int channel,
    Label label,
    double score,
    double threshold,
    double maxSegmentScore,
    double durationSeconds,
    AudioInfo audio,
    List<String> expertNames,
    List<Double> expertScores,
    List<Double> gateWeights,
    List<SegmentVerdict> segments,
    List<String> warnings,
    Timings timings) {

  /** Warning: a segment reaches the threshold while the file score does not. */
  public static final String PARTIAL_SPOOF_SUSPECTED = "partial_spoof_suspected";

  /** Defensive copies. */
  public FileVerdict {
    expertNames = List.copyOf(expertNames);
    expertScores = List.copyOf(expertScores);
    gateWeights = List.copyOf(gateWeights);
    segments = List.copyOf(segments);
    warnings = List.copyOf(warnings);
  }

  /**
   * Wall-clock milliseconds spent per stage for this file.
   *
   * @param decodeMillis decoding and resampling
   * @param featuresMillis spectrograms
   * @param inferenceMillis this file's share of ONNX Runtime time
   * @param totalMillis from the start of decoding to the verdict
   */
  public record Timings(
      double decodeMillis, double featuresMillis, double inferenceMillis, double totalMillis) {}
}
