package dev.vigil.trainer.vocode;

/** One copy-synthesis method. Instances hold working buffers and are not thread-safe. */
public interface Vocoder {
  /**
   * Analyses a clip and resynthesises it.
   *
   * @param samples 16 kHz mono samples, at least 1600 (0.1 s)
   * @param seed seeds every random draw: the same input and seed give the same output
   * @return the copy, exactly as long as the input, at the input's RMS (lower when its peak would
   *     exceed 0.99); all zeros for a silent input
   * @throws IllegalArgumentException when the input is shorter than 0.1 s
   */
  float[] render(float[] samples, long seed);
}
