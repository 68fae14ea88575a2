package dev.vigil.spark;

import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.DetectorOptions.ChannelMode;
import dev.vigil.runtime.engine.EngineOptions;
import dev.vigil.runtime.model.ModelOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Spark scan scores its files: the options of {@code vigil scan} that apply to a cluster.
 * Immutable; start from {@link #defaults()} and change what differs with the {@code with…} methods.
 * Shipped to the executors with each task.
 */
public final class ScanSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private String model;
  private String device = "auto";
  private int threads;
  private int batch = 32;
  private Double threshold;
  private String operatingPoint;
  private Double hopSeconds;
  private ChannelMode channels = ChannelMode.MIX;
  private boolean segments;
  private double fileTimeoutSeconds = 120;
  private boolean selectMedia;

  private ScanSettings() {}

  private ScanSettings(ScanSettings o) {
    model = o.model;
    device = o.device;
    threads = o.threads;
    batch = o.batch;
    threshold = o.threshold;
    operatingPoint = o.operatingPoint;
    hopSeconds = o.hopSeconds;
    channels = o.channels;
    segments = o.segments;
    fileTimeoutSeconds = o.fileTimeoutSeconds;
    selectMedia = o.selectMedia;
  }

  /**
   * The bundled model, device {@code auto}, threads 0 (the executor's task slots), batch 32, the
   * model's default operating point and hop, channels mixed, no segments, 120 s per file, every
   * input row scored.
   */
  public static ScanSettings defaults() {
    return new ScanSettings();
  }

  /** The model file on any Hadoop file system (read once on the driver), or null: bundled. */
  public String model() {
    return model;
  }

  /** {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public String device() {
    return device;
  }

  /** Inference threads per executor JVM; 0 = its task slots. */
  public int threads() {
    return threads;
  }

  /** Most segments in one ONNX Runtime run. */
  public int batch() {
    return batch;
  }

  /** A caller's threshold, or null for the operating point's. */
  public Double threshold() {
    return threshold;
  }

  /** The model's named operating point, or null for its default. */
  public String operatingPoint() {
    return operatingPoint;
  }

  /** Hop between windows in seconds, or null for the model's. */
  public Double hopSeconds() {
    return hopSeconds;
  }

  /** Mix channels down (one row per file) or split them (one row per channel). */
  public ChannelMode channels() {
    return channels;
  }

  /** Whether rows carry the segment timeline. */
  public boolean segments() {
    return segments;
  }

  /** A file not finished within this many seconds fails with {@code timeout}. */
  public double fileTimeoutSeconds() {
    return fileTimeoutSeconds;
  }

  /**
   * Whether input rows are chosen as {@code vigil scan} chooses the files of a folder (known
   * audio/video extensions scored, other known kinds skipped, unknown ones sniffed); otherwise
   * every row is scored, as a file named on {@code vigil scan}'s command line is.
   */
  public boolean selectMedia() {
    return selectMedia;
  }

  /** With a model file (null: the bundled model). */
  public ScanSettings withModel(String v) {
    ScanSettings s = new ScanSettings(this);
    s.model = v;
    return s;
  }

  /** With another device. */
  public ScanSettings withDevice(String v) {
    ScanSettings s = new ScanSettings(this);
    s.device = Objects.requireNonNull(v, "device");
    return s;
  }

  /** With N inference threads per executor JVM (0: its task slots). */
  public ScanSettings withThreads(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + v);
    }
    ScanSettings s = new ScanSettings(this);
    s.threads = v;
    return s;
  }

  /** With another largest batch. */
  public ScanSettings withBatch(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + v);
    }
    ScanSettings s = new ScanSettings(this);
    s.batch = v;
    return s;
  }

  /** With a threshold in [0, 1] (null: the operating point's). */
  public ScanSettings withThreshold(Double v) {
    if (v != null && !(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + v);
    }
    ScanSettings s = new ScanSettings(this);
    s.threshold = v;
    return s;
  }

  /** With a named operating point (null: the model's default). */
  public ScanSettings withOperatingPoint(String v) {
    ScanSettings s = new ScanSettings(this);
    s.operatingPoint = v;
    return s;
  }

  /** With another hop in seconds (null: the model's). */
  public ScanSettings withHopSeconds(Double v) {
    ScanSettings s = new ScanSettings(this);
    s.hopSeconds = v;
    return s;
  }

  /** With another channel mode. */
  public ScanSettings withChannels(ChannelMode v) {
    ScanSettings s = new ScanSettings(this);
    s.channels = Objects.requireNonNull(v, "channels");
    return s;
  }

  /** With or without the segment timeline. */
  public ScanSettings withSegments(boolean v) {
    ScanSettings s = new ScanSettings(this);
    s.segments = v;
    return s;
  }

  /** With another time limit per file, seconds &gt; 0. */
  public ScanSettings withFileTimeoutSeconds(double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("file timeout must be > 0 seconds, got " + v);
    }
    ScanSettings s = new ScanSettings(this);
    s.fileTimeoutSeconds = v;
    return s;
  }

  /** Choosing rows as a folder's files ({@link #selectMedia()}) or scoring every row. */
  public ScanSettings withSelectMedia(boolean v) {
    ScanSettings s = new ScanSettings(this);
    s.selectMedia = v;
    return s;
  }

  Duration fileTimeout() {
    return Duration.ofMillis(Math.round(fileTimeoutSeconds * 1000));
  }

  /** The session options: single-threaded runs, as {@code vigil scan}'s. */
  ModelOptions modelOptions() {
    return new ModelOptions(device, 1, batch);
  }

  /** The detector options these settings ask for (the model comes separately). */
  DetectorOptions detectorOptions() {
    return DetectorOptions.defaults()
        .withModel(modelOptions())
        .withThreshold(threshold)
        .withOperatingPoint(operatingPoint)
        .withHopSeconds(hopSeconds)
        .withChannelMode(channels)
        .withDecodeTimeout(fileTimeout());
  }

  /** {@code vigil scan}'s engine settings for {@code threads} (resolved, &gt;= 1). */
  EngineOptions engineOptions(int resolvedThreads) {
    return EngineOptions.batchScan(resolvedThreads, batch).withFileTimeout(fileTimeout());
  }
}
