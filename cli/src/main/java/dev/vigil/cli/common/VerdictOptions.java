package dev.vigil.cli.common;

import dev.vigil.runtime.DetectorOptions;
import picocli.CommandLine.Option;

/**
 * The options that decide how a model's scores become verdicts, shared by every command that labels
 * files (scan, evaluate, explain): the threshold or the model's named operating point, and the hop
 * between windows. They are checked where the runtime checks them: a threshold outside [0, 1] by
 * {@link DetectorOptions}, an unknown operating point (the message lists the model's) and a hop
 * outside the model's limits (the message gives them) when the detector opens; a command maps
 * either to a usage error (exit 2).
 */
public final class VerdictOptions {

  @Option(
      names = "--threshold",
      paramLabel = "VALUE",
      description = "Label spoof when score >= VALUE (in [0, 1]). Overrides --operating-point.")
  Double threshold;

  @Option(
      names = "--operating-point",
      paramLabel = "NAME",
      description =
          "The model's named threshold: eer, fpr_1pct or another it carries. Default: the"
              + " model's default point.")
  String operatingPoint;

  @Option(
      names = "--hop",
      paramLabel = "SECONDS",
      description = "Hop between 3 s windows, within the model's limits. Default: the model's.")
  Double hop;

  /** {@code --threshold}, or null for the operating point's. */
  public Double threshold() {
    return threshold;
  }

  /** {@code --operating-point}, or null for the model's default point. */
  public String operatingPoint() {
    return operatingPoint;
  }

  /** {@code --hop} in seconds, or null for the model's hop. */
  public Double hopSeconds() {
    return hop;
  }

  /**
   * These options set on a detector's: {@link DetectorOptions#withThreshold} checks the threshold,
   * opening the detector the operating point and the hop.
   */
  public DetectorOptions applyTo(DetectorOptions options) {
    return options.withThreshold(threshold).withOperatingPoint(operatingPoint).withHopSeconds(hop);
  }
}
