package dev.vigil.runtime.bench;

import java.util.Random;

/** Deterministic speech-like test audio and the runtime's window layout. */
final class BenchSignals {
  private BenchSignals() {}

  /** Harmonics of a gliding 100–200 Hz fundamental under a syllable envelope, plus light noise. */
  static float[] speechLike(int sampleRate, int samples, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[samples];
    double phase = 0;
    for (int n = 0; n < samples; n++) {
      double t = (double) n / sampleRate;
      double f0 = 150 + 50 * Math.sin(2 * Math.PI * 0.5 * t);
      phase += 2 * Math.PI * f0 / sampleRate;
      double v = 0;
      for (int h = 1; h <= 12; h++) {
        v += Math.sin(h * phase) / h;
      }
      double env = Math.max(0, Math.sin(2 * Math.PI * 2.0 * t));
      x[n] = (float) (0.2 * v * env + 0.01 * rnd.nextGaussian());
    }
    return x;
  }

  /**
   * Window starts as decisions.md defines them: 0, hop, 2·hop, … while the window fits, then one
   * more aligned to the end when the last one does not reach it.
   */
  static int[] windowStarts(int length, int window, int hop) {
    int count = length <= window ? 1 : (length - window) / hop + 1;
    int last = (count - 1) * hop;
    boolean tail = length > window && last + window < length;
    int[] starts = new int[count + (tail ? 1 : 0)];
    for (int i = 0; i < count; i++) {
      starts[i] = i * hop;
    }
    if (tail) {
      starts[count] = length - window;
    }
    return starts;
  }
}
