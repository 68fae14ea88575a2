package dev.vigil.runtime.model;

import dev.vigil.runtime.features.FeatureSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A reusable batch of segments for one {@link Model}: the inputs live in direct buffers allocated
 * once ({@link Model#maxBatch()} segments), the outputs in arrays filled by {@link Model#run}. Fill
 * with {@link #add}, run, read {@link #score}, {@link #expertScore}, {@link #gateWeight}, then
 * {@link #clear}. Not thread-safe: one batch per thread.
 */
public final class Batch {
  private final Model model;
  private final int capacity;
  private final int experts;
  private final int[] featureSizes;
  final FloatBuffer[] featureBuffers;
  final FloatBuffer waveformBuffer;
  final int windowSamples;
  final float[] scores;
  final float[] expertScores;
  final float[] gateWeights;
  private int size;
  long lastRunNanos;

  Batch(
      Model model,
      List<FeatureSpec> features,
      boolean waveform,
      int windowSamples,
      int capacity,
      int experts) {
    this.model = model;
    this.capacity = capacity;
    this.experts = experts;
    this.windowSamples = windowSamples;
    featureSizes = new int[features.size()];
    featureBuffers = new FloatBuffer[features.size()];
    for (int i = 0; i < featureSizes.length; i++) {
      featureSizes[i] = features.get(i).bins() * features.get(i).frames();
      featureBuffers[i] = direct((long) featureSizes[i] * capacity);
    }
    waveformBuffer = waveform ? direct((long) windowSamples * capacity) : null;
    scores = new float[capacity];
    expertScores = new float[capacity * experts];
    gateWeights = new float[capacity * experts];
  }

  private static FloatBuffer direct(long floats) {
    if (floats * 4 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch too large for one buffer: " + floats + " floats");
    }
    return ByteBuffer.allocateDirect((int) floats * 4)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** The model this batch belongs to. */
  public Model model() {
    return model;
  }

  /** The most segments it holds. */
  public int capacity() {
    return capacity;
  }

  /** Segments added since the last {@link #clear}. */
  public int size() {
    return size;
  }

  /** True when no segment was added. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** True when {@link #size()} reached {@link #capacity()}. */
  public boolean isFull() {
    return size == capacity;
  }

  /** Forgets the segments (the buffers are kept). */
  public void clear() {
    size = 0;
  }

  /** Floats of one segment's features for front end {@code i} ({@code bins * frames}). */
  public int featureSize(int i) {
    return featureSizes[i];
  }

  /**
   * Adds one segment.
   *
   * @param features one array per front end of {@link ModelMetadata#features()}, in that order,
   *     each holding at least {@link #featureSize(int)} floats, row-major [bins][frames]
   * @param window the raw window (read only when the model has a {@code waveform} input; may be
   *     null otherwise)
   * @param windowOffset where the window starts in {@code window}
   * @return the segment's index in this batch
   * @throws IllegalStateException when the batch is full
   */
  public int add(float[][] features, float[] window, int windowOffset) {
    if (size == capacity) {
      throw new IllegalStateException("batch is full (" + capacity + " segments)");
    }
    if (features.length != featureSizes.length) {
      throw new IllegalArgumentException(
          "expected features for " + featureSizes.length + " front ends, got " + features.length);
    }
    for (int i = 0; i < featureSizes.length; i++) {
      featureBuffers[i].put(size * featureSizes[i], features[i], 0, featureSizes[i]);
    }
    if (waveformBuffer != null) {
      if (window == null) {
        throw new IllegalArgumentException("this model reads the waveform: pass the window");
      }
      waveformBuffer.put(size * windowSamples, window, windowOffset, windowSamples);
    }
    return size++;
  }

  /**
   * Removes segment {@code i} before a run: the last segment takes its place (its index becomes
   * {@code i}) and the batch holds one fewer. Copies one segment's inputs; allocates nothing.
   */
  public void removeSwappingLast(int i) {
    check(i);
    int last = size - 1;
    if (i != last) {
      for (int k = 0; k < featureSizes.length; k++) {
        int n = featureSizes[k];
        featureBuffers[k].put(i * n, featureBuffers[k], last * n, n);
      }
      if (waveformBuffer != null) {
        waveformBuffer.put(i * windowSamples, waveformBuffer, last * windowSamples, windowSamples);
      }
    }
    size = last;
  }

  /** The mixture's P(spoof) of segment {@code i} after {@link Model#run}. */
  public float score(int i) {
    check(i);
    return scores[i];
  }

  /** Expert {@code e}'s P(spoof) of segment {@code i} after {@link Model#run}. */
  public float expertScore(int i, int e) {
    check(i);
    return expertScores[i * experts + e];
  }

  /** The gate's weight of expert {@code e} for segment {@code i} after {@link Model#run}. */
  public float gateWeight(int i, int e) {
    check(i);
    return gateWeights[i * experts + e];
  }

  /** The number of experts E. */
  public int experts() {
    return experts;
  }

  /** Nanoseconds the last {@link Model#run} of this batch spent in ONNX Runtime. */
  public long lastRunNanos() {
    return lastRunNanos;
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("segment " + i + " of a batch of " + size);
    }
  }
}
