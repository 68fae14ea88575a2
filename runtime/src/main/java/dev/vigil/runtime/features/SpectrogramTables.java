package dev.vigil.runtime.features;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Immutable per-spec tables (window, mel filters), shared by every extractor of that spec. */
final class SpectrogramTables {
  private static final int CACHE_LIMIT = 64;
  private static final Map<FeatureSpec, SpectrogramTables> CACHE = new ConcurrentHashMap<>();

  final FeatureSpec spec;

  /** The window zero-padded to nFft; non-zero only in [windowStart, windowEnd). */
  final double[] window;

  final int windowStart;
  final int windowEnd;

  /** Null for loglinear specs. */
  final MelFilterbank mel;

  private SpectrogramTables(FeatureSpec spec) {
    this.spec = spec;
    this.window = Windows.padded(spec.window(), spec.winLength(), spec.nFft());
    this.windowStart = Windows.leftPad(spec.winLength(), spec.nFft());
    this.windowEnd = windowStart + spec.winLength();
    this.mel =
        spec.isMel()
            ? MelFilterbank.create(
                spec.sampleRate(), spec.nFft(), spec.nMels(), spec.fMin(), spec.fMax())
            : null;
  }

  static SpectrogramTables of(FeatureSpec spec) {
    SpectrogramTables cached = CACHE.get(spec);
    if (cached != null) {
      return cached;
    }
    SpectrogramTables made = new SpectrogramTables(spec);
    if (CACHE.size() < CACHE_LIMIT) {
      SpectrogramTables raced = CACHE.putIfAbsent(spec, made);
      return raced != null ? raced : made;
    }
    return made;
  }
}
