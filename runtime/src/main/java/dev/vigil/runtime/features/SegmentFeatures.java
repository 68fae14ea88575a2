package dev.vigil.runtime.features;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The features of one window for every front end of a model, in the model's input order, computed
 * into arrays allocated once. Not thread-safe: one per thread.
 */
public final class SegmentFeatures {
  private final FeatureExtractor[] extractors;

  /** The front end with the most bins: computed on the calling thread when others are helped. */
  private final int heaviest;

  private long lastStart = -1;

  /**
   * @param specs the model's front ends, in input order
   */
  public SegmentFeatures(List<FeatureSpec> specs) {
    extractors = new FeatureExtractor[specs.size()];
    for (int i = 0; i < extractors.length; i++) {
      extractors[i] = FeatureExtractor.create(specs.get(i));
    }
    int h = 0;
    for (int i = 1; i < extractors.length; i++) {
      if (extractors[i].spec().featureSize() > extractors[h].spec().featureSize()) {
        h = i;
      }
    }
    heaviest = h;
  }

  /** New output arrays, one per front end, each {@code bins * frames} floats. */
  public float[][] newBuffers() {
    float[][] out = new float[extractors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[extractors[i].spec().featureSize()];
    }
    return out;
  }

  /**
   * The same arrays as {@link #newBuffers()} for these front ends, without creating extractors
   * (their FFTs and work buffers).
   */
  public static float[][] newBuffers(List<FeatureSpec> specs) {
    float[][] out = new float[specs.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[specs.get(i).featureSize()];
    }
    return out;
  }

  /**
   * Computes every front end's features of the window at {@code samples[offset .. offset + W)}.
   *
   * @param out arrays from {@link #newBuffers()}
   */
  public void compute(float[] samples, int offset, float[][] out) {
    for (int i = 0; i < extractors.length; i++) {
      extractors[i].extract(samples, offset, out[i], 0);
    }
    lastStart = -1;
  }

  /**
   * The same features as {@link #compute(float[], int, float[][])}, bit for bit, for a window that
   * starts at sample {@code startSample} of its signal: when the previous call's window overlaps
   * it, the shared frames are reused (see {@link FeatureExtractor#extractNext}; checked on the
   * samples, so windows of other signals in between are safe).
   */
  public void compute(float[] samples, int offset, float[][] out, long startSample) {
    long advance = lastStart < 0 ? -1 : startSample - lastStart;
    for (int i = 0; i < extractors.length; i++) {
      extractors[i].extractNext(samples, offset, out[i], 0, advance);
    }
    lastStart = startSample;
  }

  /**
   * The same as {@link #compute(float[], int, float[][], long)}, bit for bit, with every front end
   * but the heaviest computed on {@code helper} while this thread computes the heaviest: the
   * window's latency becomes that of its slowest front end. Waits for the helpers.
   *
   * @param helper runs the other front ends; null computes them all on this thread
   */
  public void compute(
      float[] samples, int offset, float[][] out, long startSample, Executor helper) {
    if (helper == null || extractors.length == 1) {
      compute(samples, offset, out, startSample);
      return;
    }
    long advance = lastStart < 0 ? -1 : startSample - lastStart;
    CompletableFuture<?>[] others = new CompletableFuture<?>[extractors.length - 1];
    int k = 0;
    for (int i = 0; i < extractors.length; i++) {
      if (i != heaviest) {
        FeatureExtractor e = extractors[i];
        float[] o = out[i];
        others[k++] =
            CompletableFuture.runAsync(() -> e.extractNext(samples, offset, o, 0, advance), helper);
      }
    }
    try {
      extractors[heaviest].extractNext(samples, offset, out[heaviest], 0, advance);
    } finally {
      try {
        CompletableFuture.allOf(others).join();
      } catch (CompletionException e) {
        lastStart = -1;
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw e;
      }
    }
    lastStart = startSample;
  }
}
