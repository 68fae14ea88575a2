package dev.vigil.runtime.pipeline;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.segment.PushSession;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentCollector;
import java.io.IOException;
import java.util.List;

/**
 * One loaded model's front end and verdict settings: how an input is decoded, mixed or split,
 * resampled and cut into windows ({@link #open}; a pushed stream: {@link #openStream}), each
 * window's features ({@link #features()}, one per thread), and how scored windows become verdicts
 * ({@link #verdicts}). Thread-safe; it owns no native resource (the model is the caller's).
 */
public final class Pipeline {
  private final Model model;
  private final SegmentConfig segment;
  private final boolean split;
  private final DecodeOptions decodeOptions;
  private final double threshold;
  private final SegmentReader reader;
  private final ThreadLocal<SegmentFeatures> features;

  /**
   * @param model the model whose front ends and experts this pipeline serves
   * @param segment the segmentation (the model's, with the caller's hop)
   * @param split score each channel on its own instead of their mean
   * @param decodeOptions decoder choice and per-file deadline
   * @param maxDurationSeconds longer inputs are refused as too long; 0 = no limit
   * @param threshold the threshold verdicts are labelled at
   */
  public Pipeline(
      Model model,
      SegmentConfig segment,
      boolean split,
      DecodeOptions decodeOptions,
      double maxDurationSeconds,
      double threshold) {
    this.model = model;
    this.segment = segment;
    this.split = split;
    this.decodeOptions = decodeOptions;
    this.threshold = threshold;
    this.reader = new SegmentReader(segment, split, decodeOptions, maxDurationSeconds);
    this.features = ThreadLocal.withInitial(() -> new SegmentFeatures(model.metadata().features()));
  }

  /** The model scored against. */
  public Model model() {
    return model;
  }

  /** The segmentation in use. */
  public SegmentConfig segment() {
    return segment;
  }

  /** Whether channels are scored apart (one verdict per channel). */
  public boolean split() {
    return split;
  }

  /** The decoder options. */
  public DecodeOptions decodeOptions() {
    return decodeOptions;
  }

  /** The threshold verdicts are labelled at. */
  public double threshold() {
    return threshold;
  }

  /**
   * Opens an input to be read in steps; its windows go to {@code sink} on the stepping thread.
   *
   * @see SegmentReader#open
   */
  public SegmentReader.Session open(AudioSource source, SegmentReader.ChannelSink sink)
      throws IOException {
    return reader.open(source, sink);
  }

  /**
   * Opens a pushed stream; its windows go to {@code sink} on the writing thread.
   *
   * @see SegmentReader#openStream
   */
  public PushSession openStream(String name, StreamFormat format, SegmentReader.ChannelSink sink)
      throws AudioInputException {
    return reader.openStream(name, format, sink);
  }

  /**
   * Reads one input to its end on this thread (stopping when the thread is interrupted).
   *
   * @see SegmentReader#read
   */
  public SegmentReader.Summary read(AudioSource source, SegmentReader.ChannelSink sink)
      throws IOException {
    return reader.read(source, sink);
  }

  /** This thread's feature stage (every front end of the model, buffers allocated once). */
  public SegmentFeatures features() {
    return features.get();
  }

  /** Arrays for one window's features, one per front end. */
  public float[][] newFeatureBuffers() {
    return SegmentFeatures.newBuffers(model.metadata().features());
  }

  /** An array for one window's samples when the model takes the waveform, else null. */
  public float[] newWaveformBuffer() {
    return model.metadata().needsWaveform() ? new float[segment.windowSamples()] : null;
  }

  /** A collector for one input's scored windows. */
  public SegmentCollector newCollector() {
    return new SegmentCollector(model.metadata().expertNames());
  }

  /** A batch scorer for one thread. */
  public <O> BatchScorer<O> newScorer() {
    return new BatchScorer<>(model);
  }

  /**
   * The verdicts of a fully scored input, one per scored stream, labelled at {@link #threshold()}.
   *
   * @param featuresNanos time spent computing its features
   * @param inferenceNanos its share of the batches' run time
   * @param startedNanos {@link System#nanoTime()} when its reading started
   */
  public List<FileVerdict> verdicts(
      String name,
      SegmentCollector collector,
      SegmentReader.Summary summary,
      long featuresNanos,
      long inferenceNanos,
      long startedNanos) {
    double ms = 1e-6;
    FileVerdict.Timings timings =
        new FileVerdict.Timings(
            summary.decodeNanos() * ms,
            featuresNanos * ms,
            inferenceNanos * ms,
            (System.nanoTime() - startedNanos) * ms);
    return collector.build(
        name, split, summary.info(), summary.durationSeconds(), threshold, timings);
  }
}
