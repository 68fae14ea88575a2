package dev.vigil.export;

import java.nio.file.Path;

/**
 * How an int8 export calibrates and checks.
 *
 * @param method {@code minmax} or {@code percentile} (activation ranges, see {@link Calibrator})
 * @param percentile the upper quantile kept by {@code percentile} (e.g. 0.9999)
 * @param weightBits 7 (weights in [−63, 63]: a u8·s8 pair sum fits int16, as the AVX2 int8 kernels
 *     without VNNI need) or 8 ([−127, 127])
 * @param calibration a corpus manifest (CSV with {@code path,label,split}), or null: then only the
 *     checkpoint's stored windows calibrate and check
 * @param calibrationSplit the manifest split whose windows calibrate
 * @param calibrationWindows how many windows of that split calibrate
 * @param checkSplit the manifest split whose windows the accuracy check adds
 * @param checkWindows how many windows of that split the check adds
 * @param maxMeanAbs bound on the mean |Δ score| between int8 and fp32
 * @param maxFlipShare bound on the share of labels flipped at the default threshold
 * @param seed seed of the window choice
 */
public record QuantizeOptions(
    String method,
    double percentile,
    int weightBits,
    Path calibration,
    String calibrationSplit,
    int calibrationWindows,
    String checkSplit,
    int checkWindows,
    double maxMeanAbs,
    double maxFlipShare,
    long seed) {

  /** Default bound on the mean |Δ score| (docs/export.md, int8). */
  public static final double MAX_MEAN_ABS = 0.02;

  /** Default bound on the share of flipped labels (docs/export.md, int8). */
  public static final double MAX_FLIP_SHARE = 0.02;

  /** Validates. */
  public QuantizeOptions {
    if (!method.equals("percentile") && !method.equals("minmax")) {
      throw new IllegalArgumentException(
          "calibration method must be percentile or minmax, got " + method);
    }
    if (!(percentile > 0.5 && percentile <= 1)) {
      throw new IllegalArgumentException("percentile must be in (0.5, 1], got " + percentile);
    }
    if (weightBits != 7 && weightBits != 8) {
      throw new IllegalArgumentException("weight bits must be 7 or 8, got " + weightBits);
    }
    if (calibrationWindows < 0 || checkWindows < 0) {
      throw new IllegalArgumentException("window counts must be >= 0");
    }
    if (!(maxMeanAbs >= 0) || !(maxFlipShare >= 0)) {
      throw new IllegalArgumentException("accuracy bounds must be >= 0");
    }
  }

  /** The defaults with this manifest (may be null). */
  public static QuantizeOptions defaults(Path calibration) {
    return new QuantizeOptions(
        "minmax",
        0.9999,
        7,
        calibration,
        "train",
        300,
        "dev",
        200,
        MAX_MEAN_ABS,
        MAX_FLIP_SHARE,
        1234);
  }

  /** The largest |q| of a weight. */
  int weightMax() {
    return weightBits == 8 ? 127 : 63;
  }

  /** The quantile {@link Calibrator.Stats#ranges} keeps (1 = the extremes). */
  double quantile() {
    return method.equals("minmax") ? 1 : percentile;
  }
}
