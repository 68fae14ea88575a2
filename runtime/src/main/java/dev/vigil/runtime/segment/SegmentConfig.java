package dev.vigil.runtime.segment;

/**
 * How audio is cut into windows, as the model's {@code vigil.segment} metadata says.
 *
 * @param sampleRate the model's sample rate in Hz (16000)
 * @param windowSamples window length W in samples (48000)
 * @param hopSamples hop between window starts in samples
 * @param hopMinSamples the smallest hop a caller may choose
 * @param hopMaxSamples the largest hop a caller may choose
 * @param minDurationSeconds shorter audio is refused as too short; shorter than W is tiled
 * @param silenceFloorDbfs windows whose RMS (dB relative to full scale 1.0) is below this are
 *     silent
 */
public record SegmentConfig(
    int sampleRate,
    int windowSamples,
    int hopSamples,
    int hopMinSamples,
    int hopMaxSamples,
    double minDurationSeconds,
    double silenceFloorDbfs) {

  /** Validates. */
  public SegmentConfig {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample_rate must be > 0, got " + sampleRate);
    }
    if (windowSamples <= 0) {
      throw new IllegalArgumentException("window_samples must be > 0, got " + windowSamples);
    }
    if (hopMinSamples <= 0 || hopMinSamples > hopMaxSamples) {
      throw new IllegalArgumentException(
          "hop_min_samples must be in [1, hop_max_samples], got "
              + hopMinSamples
              + " and "
              + hopMaxSamples);
    }
    if (hopMaxSamples > windowSamples) {
      throw new IllegalArgumentException(
          "hop_max_samples must be <= window_samples, got "
              + hopMaxSamples
              + " > "
              + windowSamples);
    }
    if (hopSamples < hopMinSamples || hopSamples > hopMaxSamples) {
      throw new IllegalArgumentException(
          "hop must be in ["
              + hopMinSamples
              + ", "
              + hopMaxSamples
              + "] samples, got "
              + hopSamples);
    }
    if (!(minDurationSeconds > 0) || minDurationSeconds * sampleRate > windowSamples) {
      throw new IllegalArgumentException(
          "min_duration_s must be in (0, window], got " + minDurationSeconds);
    }
    if (Double.isNaN(silenceFloorDbfs)) {
      throw new IllegalArgumentException("silence_floor_dbfs must be a number");
    }
  }

  /** Vigil's defaults: 16 kHz, W = 48000, hop W/2 (allowed 4800..48000), 1 s minimum, -60 dBFS. */
  public static SegmentConfig defaults() {
    return new SegmentConfig(16000, 48000, 24000, 4800, 48000, 1.0, -60.0);
  }

  /**
   * The same configuration with another hop.
   *
   * @param hopSeconds the hop in seconds, or null to keep the model's hop
   * @throws IllegalArgumentException when the hop is outside [hop_min, hop_max] (the message names
   *     the valid range in seconds)
   */
  public SegmentConfig withHopSeconds(Double hopSeconds) {
    if (hopSeconds == null) {
      return this;
    }
    double samples = hopSeconds * sampleRate;
    if (!(samples >= hopMinSamples - 1e-6 && samples <= hopMaxSamples + 1e-6)) {
      throw new IllegalArgumentException(
          "hop must be between "
              + (hopMinSamples / (double) sampleRate)
              + " and "
              + (hopMaxSamples / (double) sampleRate)
              + " seconds for this model, got "
              + hopSeconds);
    }
    return withHopSamples((int) Math.round(samples));
  }

  /** The same configuration with another hop in samples (validated). */
  public SegmentConfig withHopSamples(int hop) {
    return new SegmentConfig(
        sampleRate,
        windowSamples,
        hop,
        hopMinSamples,
        hopMaxSamples,
        minDurationSeconds,
        silenceFloorDbfs);
  }

  /** The fewest samples scored: {@code ceil(min_duration_s * sample_rate)}. */
  public long minSamples() {
    return (long) Math.ceil(minDurationSeconds * sampleRate - 1e-9);
  }

  /** The hop in seconds. */
  public double hopSeconds() {
    return hopSamples / (double) sampleRate;
  }
}
