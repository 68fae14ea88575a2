package dev.vigil.runtime;

import dev.vigil.runtime.model.ModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Detector} loads its model and turns audio into verdicts. Immutable; start from
 * {@link #defaults()} and change what differs with the {@code with…} methods, as {@link
 * dev.vigil.runtime.engine.EngineOptions} and {@link ModelOptions} do.
 *
 * @param modelPath the {@code .onnx} file, or null for the bundled default model
 * @param model how the session is created: device, intra-op threads, largest batch
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
    ModelOptions model,
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
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(channelMode, "channelMode");
    Objects.requireNonNull(decodeTimeout, "decodeTimeout");
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (maxDurationSeconds < 0) {
      throw new IllegalArgumentException("maxDurationSeconds must be >= 0");
    }
  }

  /**
   * The defaults: bundled model, {@link ModelOptions#defaults()} ({@code auto} device, batch 32),
   * mixed channels, the model's default operating point and hop, 120 s decode timeout, no length
   * limit.
   */
  public static DetectorOptions defaults() {
    return new DetectorOptions(
        null,
        ModelOptions.defaults(),
        ChannelMode.MIX,
        null,
        null,
        null,
        Duration.ofSeconds(120),
        0);
  }

  /** With another model file (null: the bundled model). */
  public DetectorOptions withModelPath(Path v) {
    return new DetectorOptions(
        v,
        model,
        channelMode,
        threshold,
        operatingPoint,
        hopSeconds,
        decodeTimeout,
        maxDurationSeconds);
  }

  /** With other session options. */
  public DetectorOptions withModel(ModelOptions v) {
    return new DetectorOptions(
        modelPath,
        v,
        channelMode,
        threshold,
        operatingPoint,
        hopSeconds,
        decodeTimeout,
        maxDurationSeconds);
  }

  /** With another device ({@link ModelOptions#device()}). */
  public DetectorOptions withDevice(String v) {
    return withModel(
        new ModelOptions(v, model.intraOpThreads(), model.maxBatch(), model.spinWait()));
  }

  /** With another number of intra-op threads ({@link ModelOptions#intraOpThreads()}). */
  public DetectorOptions withIntraOpThreads(int v) {
    return withModel(new ModelOptions(model.device(), v, model.maxBatch(), model.spinWait()));
  }

  /** With another largest batch ({@link ModelOptions#maxBatch()}). */
  public DetectorOptions withMaxBatch(int v) {
    return withModel(new ModelOptions(model.device(), model.intraOpThreads(), v, model.spinWait()));
  }

  /** With another channel mode. */
  public DetectorOptions withChannelMode(ChannelMode v) {
    return new DetectorOptions(
        modelPath,
        model,
        v,
        threshold,
        operatingPoint,
        hopSeconds,
        decodeTimeout,
        maxDurationSeconds);
  }

  /** With a caller's threshold (null: the operating point's). */
  public DetectorOptions withThreshold(Double v) {
    return new DetectorOptions(
        modelPath,
        model,
        channelMode,
        v,
        operatingPoint,
        hopSeconds,
        decodeTimeout,
        maxDurationSeconds);
  }

  /** With another named operating point (null: the model's {@code default}). */
  public DetectorOptions withOperatingPoint(String v) {
    return new DetectorOptions(
        modelPath, model, channelMode, threshold, v, hopSeconds, decodeTimeout, maxDurationSeconds);
  }

  /** With another hop in seconds (null: the model's). */
  public DetectorOptions withHopSeconds(Double v) {
    return new DetectorOptions(
        modelPath,
        model,
        channelMode,
        threshold,
        operatingPoint,
        v,
        decodeTimeout,
        maxDurationSeconds);
  }

  /** With another decode timeout. */
  public DetectorOptions withDecodeTimeout(Duration v) {
    return new DetectorOptions(
        modelPath,
        model,
        channelMode,
        threshold,
        operatingPoint,
        hopSeconds,
        v,
        maxDurationSeconds);
  }

  /** With another length limit in seconds (0: none). */
  public DetectorOptions withMaxDurationSeconds(double v) {
    return new DetectorOptions(
        modelPath, model, channelMode, threshold, operatingPoint, hopSeconds, decodeTimeout, v);
  }
}
