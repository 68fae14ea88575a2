package dev.vigil.runtime.bench;

import dev.vigil.runtime.resample.Resampler;
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

/** Resampling 10 s of audio to 16 kHz, streamed in 4096-sample blocks as a decoder delivers it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResamplerBenchmark {
  private static final int BLOCK = 4096;

  /** Input sample rate in Hz. */
  @Param({"44100"})
  public int inRate;

  private Resampler resampler;
  private float[] clip;
  private float[] out;

  /** Builds the clip and the resampler. */
  @Setup
  public void setup() {
    resampler = new Resampler(inRate, 16000);
    clip = BenchSignals.speechLike(inRate, 10 * inRate, 2);
    out = new float[Math.max(resampler.maxOutput(BLOCK), resampler.maxOutput(0))];
  }

  /** Streams the whole clip through the resampler; returns the samples written. */
  @Benchmark
  public long tenSeconds() {
    long written = 0;
    for (int pos = 0; pos < clip.length; pos += BLOCK) {
      written += resampler.process(clip, pos, Math.min(BLOCK, clip.length - pos), out, 0);
    }
    written += resampler.flush(out, 0);
    return written;
  }
}
