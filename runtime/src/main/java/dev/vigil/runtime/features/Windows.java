package dev.vigil.runtime.features;

/** Periodic window functions, zero-padded centrally to the FFT length. */
final class Windows {
  private Windows() {}

  /**
   * The periodic window named {@code kind} of {@code winLength} points, placed at offset {@code
   * (nFft − winLength) / 2} in an {@code nFft}-point array of zeros (torch.stft's rule).
   *
   * @param kind {@code "hamming"} (0.54 − 0.46·cos(2πn/N)) or {@code "hann"} (0.5 − 0.5·cos(2πn/N))
   */
  static double[] padded(String kind, int winLength, int nFft) {
    double a;
    double b;
    switch (kind) {
      case "hamming" -> {
        a = 0.54;
        b = 0.46;
      }
      case "hann" -> {
        a = 0.5;
        b = 0.5;
      }
      default ->
          throw new IllegalArgumentException("window must be one of [hamming, hann], got " + kind);
    }
    double[] w = new double[nFft];
    int left = leftPad(winLength, nFft);
    for (int n = 0; n < winLength; n++) {
      w[left + n] = a - b * Math.cos(2.0 * Math.PI * n / winLength);
    }
    return w;
  }

  /** Zeros before the window when {@code winLength} points are centred in {@code nFft}. */
  static int leftPad(int winLength, int nFft) {
    return (nFft - winLength) / 2;
  }
}
