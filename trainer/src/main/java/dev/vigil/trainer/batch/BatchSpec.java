package dev.vigil.trainer.batch;

import dev.vigil.runtime.features.FeatureSpec;
import java.util.List;

/**
 * What a batch holds.
 *
 * @param features the distinct front ends, in model input order
 * @param waveform whether the raw crops are included (classic gate)
 * @param batchSize N
 * @param windowSamples W (48000)
 */
public record BatchSpec(
    List<FeatureSpec> features, boolean waveform, int batchSize, int windowSamples) {
  /** Defensive copy. */
  public BatchSpec {
    features = List.copyOf(features);
    if (batchSize < 2) {
      throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
    }
  }
}
