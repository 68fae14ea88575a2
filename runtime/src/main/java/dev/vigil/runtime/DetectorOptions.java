package dev.vigil.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Detector} loads and runs its model. Immutable; build with {@link #builder()}.
 *
 * @param modelPath the {@code .onnx} file, or null for the bundled default model
 * @param device {@code auto} (CUDA when it loads, else CPU), {@code cpu}, {@code cuda} or {@code
 *     cuda:N}
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 * @param maxBatch the most segments in one ONNX Runtime run
 * @param channelMode mix channels down to mono, or score each channel on its own
 * @param threshold a caller's threshold, or null to use the operating point
 * @param operatingPoint the model's named operating point ({@code eer}, {@code fpr_1pct}, ...), or
 *     null for the model's {@code default}
 * @param hopSeconds hop between windows in seconds, or null for the model's hop
 * @param decodeTimeout a decode not finished within this is abandoned
 * @param maxDurationSeconds longer audio is refused as too long; 0 = no limit
 */
public record DetectorOptions(
    Path modelPath,
    String device,
    int intraOpThreads,
    int maxBatch,
    ChannelMode channelMode,
    Double threshold,
    String operatingPoint,
    Double hopSeconds,
    Duration decodeTimeout,
    double maxDurationSeconds) {

  /** Channel handling. */
  public enum ChannelMode {
    /** Average all channels into one (the default). */
    MIX,
    /** Score each channel on its own (one verdict per channel). */
    SPLIT
  }

  /** Validates. */
  public DetectorOptions {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(channelMode, "channelMode");
    Objects.requireNonNull(decodeTimeout, "decodeTimeout");
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (maxDurationSeconds < 0) {
      throw new IllegalArgumentException("maxDurationSeconds must be >= 0");
    }
  }

  /** The defaults: bundled model, {@code auto} device, batch 32, mixed channels. */
  public static DetectorOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modelPath = modelPath;
    b.device = device;
    b.intraOpThreads = intraOpThreads;
    b.maxBatch = maxBatch;
    b.channelMode = channelMode;
    b.threshold = threshold;
    b.operatingPoint = operatingPoint;
    b.hopSeconds = hopSeconds;
    b.decodeTimeout = decodeTimeout;
    b.maxDurationSeconds = maxDurationSeconds;
    return b;
  }

  /** Builder for {@link DetectorOptions}. */
  public static final class Builder {
    private Path modelPath;
    private String device = "auto";
    private int intraOpThreads;
    private int maxBatch = 32;
    private ChannelMode channelMode = ChannelMode.MIX;
    private Double threshold;
    private String operatingPoint;
    private Double hopSeconds;
    private Duration decodeTimeout = Duration.ofSeconds(120);
    private double maxDurationSeconds;

    private Builder() {}

    /** See {@link DetectorOptions#modelPath()}. */
    public Builder modelPath(Path v) {
      modelPath = v;
      return this;
    }

    /** See {@link DetectorOptions#device()}. */
    public Builder device(String v) {
      device = v;
      return this;
    }

    /** See {@link DetectorOptions#intraOpThreads()}. */
    public Builder intraOpThreads(int v) {
      intraOpThreads = v;
      return this;
    }

    /** See {@link DetectorOptions#maxBatch()}. */
    public Builder maxBatch(int v) {
      maxBatch = v;
      return this;
    }

    /** See {@link DetectorOptions#channelMode()}. */
    public Builder channelMode(ChannelMode v) {
      channelMode = v;
      return this;
    }

    /** See {@link DetectorOptions#threshold()}. */
    public Builder threshold(Double v) {
      threshold = v;
      return this;
    }

    /** See {@link DetectorOptions#operatingPoint()}. */
    public Builder operatingPoint(String v) {
      operatingPoint = v;
      return this;
    }

    /** See {@link DetectorOptions#hopSeconds()}. */
    public Builder hopSeconds(Double v) {
      hopSeconds = v;
      return this;
    }

    /** See {@link DetectorOptions#decodeTimeout()}. */
    public Builder decodeTimeout(Duration v) {
      decodeTimeout = v;
      return this;
    }

    /** See {@link DetectorOptions#maxDurationSeconds()}. */
    public Builder maxDurationSeconds(double v) {
      maxDurationSeconds = v;
      return this;
    }

    /** Builds and validates. */
    public DetectorOptions build() {
      return new DetectorOptions(
          modelPath,
          device,
          intraOpThreads,
          maxBatch,
          channelMode,
          threshold,
          operatingPoint,
          hopSeconds,
          decodeTimeout,
          maxDurationSeconds);
    }
  }
}
