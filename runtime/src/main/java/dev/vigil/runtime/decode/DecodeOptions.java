package dev.vigil.runtime.decode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AudioDecoders} decodes one input.
 *
 * @param timeout a decode that has not finished within this (counted from {@code open}) fails with
 *     {@link dev.vigil.runtime.decode.AudioInputException.Problem#TIMEOUT}; must be positive
 * @param ffmpegPath the ffmpeg executable to use, or null to look for {@code ffmpeg} on PATH
 * @param allowFfmpeg false never starts ffmpeg: only the pure-Java decoders are used
 */
public record DecodeOptions(Duration timeout, Path ffmpegPath, boolean allowFfmpeg) {

  /** Validates. */
  public DecodeOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** 120 s, ffmpeg from PATH when present. */
  public static DecodeOptions defaults() {
    return new DecodeOptions(Duration.ofSeconds(120), null, true);
  }

  /** These options with another time-out. */
  public DecodeOptions withTimeout(Duration t) {
    return new DecodeOptions(t, ffmpegPath, allowFfmpeg);
  }

  /** These options with an explicit ffmpeg executable (null = look on PATH). */
  public DecodeOptions withFfmpegPath(Path p) {
    return new DecodeOptions(timeout, p, allowFfmpeg);
  }

  /** These options with ffmpeg allowed or not. */
  public DecodeOptions withAllowFfmpeg(boolean allow) {
    return new DecodeOptions(timeout, ffmpegPath, allow);
  }
}
