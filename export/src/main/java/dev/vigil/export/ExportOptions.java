package dev.vigil.export;

/**
 * How an export checks parity.
 *
 * @param randomInputs random inputs compared besides the checkpoint's stored segments
 * @param batchSize examples per batch in the parity run (and the timing)
 * @param tolerance largest allowed |Δ score| between ONNX Runtime and DJL
 * @param seed seed of the random inputs
 */
public record ExportOptions(int randomInputs, int batchSize, double tolerance, long seed) {

  /** Validates. */
  public ExportOptions {
    if (randomInputs < 0) {
      throw new IllegalArgumentException("random inputs must be >= 0, got " + randomInputs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
    }
  }

  /** 16 random inputs, batches of 4, tolerance 1e-4, seed 1234. */
  public static ExportOptions defaults() {
    return new ExportOptions(16, 4, 1e-4, 1234);
  }
}
