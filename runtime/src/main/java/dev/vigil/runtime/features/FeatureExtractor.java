package dev.vigil.runtime.features;

/**
 * Computes one window's features for a {@link FeatureSpec}. Instances hold preallocated work
 * buffers and are NOT thread-safe: use one per thread. {@link #create(FeatureSpec)} is cheap (the
 * window, mel filters and FFT plan are shared per spec), so creating one per thread or per file is
 * fine.
 */
public interface FeatureExtractor {

  /** An extractor for {@code spec} (both {@code logmel} and {@code loglinear} kinds). */
  static FeatureExtractor create(FeatureSpec spec) {
    return new SpectrogramExtractor(SpectrogramTables.of(spec));
  }

  /** The spec this extractor computes. */
  FeatureSpec spec();

  /**
   * Features of ONE window: reads {@code samples[offset .. offset + spec().windowSamples())} and
   * writes {@code spec().bins() · spec().frames()} floats to {@code out[outOffset ..]}, row-major
   * [bins][frames]. The result depends on these samples alone. Samples must be finite (the decoders
   * guarantee it); no allocation happens per call.
   *
   * @throws IndexOutOfBoundsException when either range does not fit its array
   */
  void extract(float[] samples, int offset, float[] out, int outOffset);

  /**
   * The same features as {@link #extract}, bit for bit, faster for overlapping windows of one
   * signal: when this window starts {@code advance} samples after the window of this extractor's
   * previous call, the frames the two windows share are copied from that call instead of computed
   * again. Whether they are shared is checked on the samples themselves, so a wrong {@code advance}
   * (another signal, another stream) only costs the full computation.
   *
   * @param advance samples from the previous call's window start to this one's; &lt;= 0 when
   *     unknown
   */
  default void extractNext(float[] samples, int offset, float[] out, int outOffset, long advance) {
    extract(samples, offset, out, outOffset);
  }
}
