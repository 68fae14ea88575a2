package dev.vigil.runtime.pipeline;

import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.segment.Window;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * One thread's batch: windows of any inputs go in with the collector they belong to, one ONNX
 * Runtime run scores them, and each window's scores go back to its collector. Allocation-free per
 * window and per run. Not thread-safe.
 *
 * @param <O> what a caller tags each window with (its input), handed back by {@link #owner}
 */
public final class BatchScorer<O> {
  private final Model model;
  private final Batch batch;
  private final Object[] owners;
  private final SegmentCollector[] collectors;
  private final int[] streams;
  private final Window[] windows;
  private final float[] expertScores;
  private final float[] gateWeights;

  BatchScorer(Model model) {
    this.model = model;
    this.batch = model.newBatch();
    int n = batch.capacity();
    this.owners = new Object[n];
    this.collectors = new SegmentCollector[n];
    this.streams = new int[n];
    this.windows = new Window[n];
    this.expertScores = new float[batch.experts()];
    this.gateWeights = new float[batch.experts()];
  }

  /**
   * Adds one window.
   *
   * @param features the window's features, one array per front end
   * @param waveform the samples when the model takes the waveform (from {@code offset}), else null
   * @return the window's row
   * @throws IllegalStateException when the batch is full
   */
  public int add(
      float[][] features,
      float[] waveform,
      int offset,
      O owner,
      SegmentCollector collector,
      int stream,
      Window window) {
    int i = batch.add(features, waveform, offset);
    owners[i] = owner;
    collectors[i] = collector;
    streams[i] = stream;
    windows[i] = window;
    return i;
  }

  /** Windows added since the last {@link #clear()}. */
  public int size() {
    return batch.size();
  }

  /** Whether no window was added. */
  public boolean isEmpty() {
    return batch.isEmpty();
  }

  /** Whether the batch holds {@link Model#maxBatch()} windows. */
  public boolean isFull() {
    return batch.isFull();
  }

  /**
   * Runs the model on the batch.
   *
   * @return the run's wall time in nanoseconds
   * @throws ModelException when ONNX Runtime fails
   */
  public long run() throws ModelException {
    model.run(batch);
    return batch.lastRunNanos();
  }

  /**
   * Hands each scored window to its collector; a window its collector refuses (a bug, reported as
   * such) goes to {@code onError} with its owner, and the others are still delivered.
   */
  public void deliver(BiConsumer<O, RuntimeException> onError) {
    int e = expertScores.length;
    for (int i = 0; i < batch.size(); i++) {
      for (int k = 0; k < e; k++) {
        expertScores[k] = batch.expertScore(i, k);
        gateWeights[k] = batch.gateWeight(i, k);
      }
      try {
        collectors[i].add(streams[i], windows[i], batch.score(i), expertScores, gateWeights, 0);
      } catch (RuntimeException ex) {
        onError.accept(owner(i), ex);
      }
    }
  }

  /**
   * Drops the windows whose owner {@code drop} accepts (inputs answered while the batch filled: a
   * deadline passed, or the input failed), so a run scores none of them. Row order is not kept.
   *
   * @return the windows dropped
   */
  public int removeIf(Predicate<? super O> drop) {
    int removed = 0;
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (!drop.test(owner(i))) {
        continue;
      }
      int last = batch.size() - 1;
      owners[i] = owners[last];
      collectors[i] = collectors[last];
      streams[i] = streams[last];
      windows[i] = windows[last];
      owners[last] = null;
      collectors[last] = null;
      windows[last] = null;
      batch.removeSwappingLast(i);
      removed++;
    }
    return removed;
  }

  /** The owner of row {@code i}. */
  @SuppressWarnings("unchecked")
  public O owner(int i) {
    return (O) owners[i];
  }

  /** Empties the batch and lets go of its windows' owners. */
  public void clear() {
    for (int i = 0; i < batch.size(); i++) {
      owners[i] = null;
      collectors[i] = null;
      windows[i] = null;
    }
    batch.clear();
  }
}
