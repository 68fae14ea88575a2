package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.testing.TestModels.Hazard;
import dev.vigil.runtime.testing.TestModels.Variant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A run that ONNX Runtime itself fails (not a contract check) is a {@link ModelException} of check
 * {@code INFERENCE} naming the model, and the session runs the next batch as if nothing happened;
 * the hazard models of {@link TestModels} keep the variant's scores where a run succeeds.
 */
class RunFailureTest {

  @Test
  void aFailedRunIsAnInferenceErrorAndTheNextRunWorks() throws Exception {
    TestModels.Spec spec = TestModels.spec(Variant.CLASSIC_WAVEFORM);
    byte[] bytes = TestModels.bytes(Variant.CLASSIC_WAVEFORM, Hazard.FAILS_WHEN_LOUD);
    try (Model m = Model.load(bytes, "trap.onnx", ModelOptions.cpu(2))) {
      Batch batch = m.newBatch();
      float[][] quiet = features(spec, 1);
      float[] quietWave = wave(0.3, 2);
      float[] loudWave = wave(0.9, 3);

      batch.add(quiet, quietWave, 0);
      batch.add(features(spec, 4), loudWave, 0);
      ModelException e = assertThrows(ModelException.class, () -> m.run(batch));
      assertEquals(ModelException.Check.INFERENCE, e.check());
      assertTrue(
          e.getMessage().startsWith("trap.onnx: ONNX Runtime failed on a batch of 2"),
          e.getMessage());

      batch.clear();
      batch.add(quiet, quietWave, 0);
      m.run(batch);
      assertEquals(spec.reference(quiet, quietWave, 0).score(), batch.score(0), 2e-5);
    }
  }

  @Test
  void theSlowModelScoresAsThePlainOne() throws Exception {
    TestModels.Spec spec = TestModels.spec(Variant.TWO_EXPERTS_MLP);
    try (Model m =
        Model.load(
            TestModels.bytes(Variant.TWO_EXPERTS_MLP, Hazard.SLOW), "slow", ModelOptions.cpu(2))) {
      Batch batch = m.newBatch();
      float[][] a = features(spec, 5);
      float[][] b = features(spec, 6);
      batch.add(a, null, 0);
      batch.add(b, null, 0);
      m.run(batch);
      assertEquals(spec.reference(a, null, 0).score(), batch.score(0), 2e-5);
      assertEquals(spec.reference(b, null, 0).score(), batch.score(1), 2e-5);
    }
  }

  @Test
  void theTrapNeedsTheWaveformInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TestModels.bytes(Variant.TWO_EXPERTS_MLP, Hazard.FAILS_WHEN_LOUD));
  }

  private static float[][] features(TestModels.Spec spec, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] f = new float[spec.features().size()][];
    for (int i = 0; i < f.length; i++) {
      FeatureSpec fs = spec.features().get(i);
      f[i] = new float[fs.bins() * fs.frames()];
      for (int k = 0; k < f[i].length; k++) {
        f[i][k] = (float) (rnd.nextDouble() * 2 - 1);
      }
    }
    return f;
  }

  /** A window of noise peaking near {@code peak}. */
  private static float[] wave(double peak, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] w = new float[48000];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) (peak * (rnd.nextDouble() * 2 - 1));
    }
    w[100] = (float) peak;
    return w;
  }
}
