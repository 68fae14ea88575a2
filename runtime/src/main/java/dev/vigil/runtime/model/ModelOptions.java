package dev.vigil.runtime.model;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Model}'s session is created.
 *
 * @param device {@code auto} (CUDA when it loads, else CPU with one log line), {@code cpu}, {@code
 *     cuda} (= {@code cuda:0}) or {@code cuda:N}
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 * @param maxBatch the most segments in one run, &gt;= 1
 * @param spinWait whether ONNX Runtime's intra-op threads spin while they wait for work (ONNX
 *     Runtime's default, on in the constructors without it). Spinning makes a multi-threaded run
 *     faster and costs CPU time other threads might use; with one intra-op thread it does nothing.
 *     Either way, threads stop spinning when a run returns ({@code session.force_spinning_stop}).
 *     (On the 2-core build machine, turning it off slowed model-only runs and did not speed up a
 *     scan, so it stays on.)
 */
public record ModelOptions(String device, int intraOpThreads, int maxBatch, boolean spinWait) {

  /** Validates; the device is parsed eagerly so a typo fails before any loading. */
  public ModelOptions {
    Objects.requireNonNull(device, "device");
    device = device.strip().toLowerCase(Locale.ROOT);
    cudaDevice(device);
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
  }

  /** With ONNX Runtime's default spin-waiting ({@code spinWait = true}). */
  public ModelOptions(String device, int intraOpThreads, int maxBatch) {
    this(device, intraOpThreads, maxBatch, true);
  }

  /** {@code auto}, ONNX Runtime's thread choice, batch 32. */
  public static ModelOptions defaults() {
    return new ModelOptions("auto", 0, 32);
  }

  /** CPU only, with the given batch size (tests, tools). */
  public static ModelOptions cpu(int maxBatch) {
    return new ModelOptions("cpu", 0, maxBatch);
  }

  /**
   * The CUDA device id the device string asks for, -1 for {@code cpu}.
   *
   * @throws IllegalArgumentException for an unknown device (the message names the valid ones)
   */
  static int cudaDevice(String device) {
    switch (device) {
      case "cpu":
        return -1;
      case "auto":
      case "cuda":
        return 0;
      default:
        if (device.startsWith("cuda:")) {
          try {
            int id = Integer.parseInt(device.substring(5));
            if (id >= 0) {
              return id;
            }
          } catch (NumberFormatException e) {
            // fall through to the error
          }
        }
        throw new IllegalArgumentException(
            "unknown device '" + device + "' (valid: auto, cpu, cuda, cuda:N with N >= 0)");
    }
  }
}
