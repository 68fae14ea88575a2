package dev.vigil.runtime.bench;

import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Features of a whole clip as the runtime computes them: one map per 3 s window, windows every 1.5
 * s (the last aligned to the end). A 3 s clip is 1 window, 60 s is 39. {@code clipFeatures}
 * computes each window from its own samples; {@code clipFeaturesReusingOverlap} lets each window
 * reuse the frames it shares with the one before ({@link FeatureExtractor#extractNext}), as the
 * runtime's engine and detector do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrontEndBenchmark {
  /** Front end: {@code logmel} or {@code loglinear}. */
  @Param({"logmel", "loglinear"})
  public String frontEnd;

  /** Clip length in seconds. */
  @Param({"3", "60"})
  public int seconds;

  private FeatureExtractor extractor;
  private float[] clip;
  private int[] starts;
  private float[] out;

  /** Builds the clip, the window layout and the output buffer. */
  @Setup
  public void setup() {
    FeatureSpec spec = "logmel".equals(frontEnd) ? FeatureSpec.logmel() : FeatureSpec.loglinear();
    extractor = FeatureExtractor.create(spec);
    clip = BenchSignals.speechLike(spec.sampleRate(), seconds * spec.sampleRate(), 1);
    starts = BenchSignals.windowStarts(clip.length, spec.windowSamples(), spec.windowSamples() / 2);
    out = new float[starts.length * spec.featureSize()];
  }

  /** All windows of the clip; returns the output so it is not dead code. */
  @Benchmark
  public float[] clipFeatures() {
    int size = extractor.spec().featureSize();
    for (int w = 0; w < starts.length; w++) {
      extractor.extract(clip, starts[w], out, w * size);
    }
    return out;
  }

  /** All windows of the clip, each reusing its overlap with the previous one. */
  @Benchmark
  public float[] clipFeaturesReusingOverlap() {
    int size = extractor.spec().featureSize();
    for (int w = 0; w < starts.length; w++) {
      extractor.extractNext(
          clip, starts[w], out, w * size, w == 0 ? -1 : starts[w] - starts[w - 1]);
    }
    return out;
  }
}
