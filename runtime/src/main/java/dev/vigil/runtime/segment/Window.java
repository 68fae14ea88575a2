package dev.vigil.runtime.segment;

/**
 * One window of a file, as the segmenter emitted it.
 *
 * @param index window number in emission order (= time order), from 0
 * @param startSample first sample (at the model's rate)
 * @param endSample one past the last real sample; for a tiled short file, the file's length
 * @param sampleRate the model's rate, for the times in seconds
 * @param rmsDbfs the window's RMS in dB relative to full scale 1.0 ({@code -Infinity} for digital
 *     silence)
 * @param silent true when {@code rmsDbfs} is below the model's silence floor
 * @param tiled true when the file was shorter than W and the window repeats it
 */
public record Window(
    int index,
    long startSample,
    long endSample,
    int sampleRate,
    double rmsDbfs,
    boolean silent,
    boolean tiled) {

  /** Start time in seconds. */
  public double startSeconds() {
    return startSample / (double) sampleRate;
  }

  /** End time in seconds. */
  public double endSeconds() {
    return endSample / (double) sampleRate;
  }
}
