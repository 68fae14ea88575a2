package dev.vigil.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MaxFeatureMapTest {

  /**
   * The training graph's MFM (b + relu(a − b)) gives max(a, b) of the two channel halves, within
   * the one rounding of a − b, and passes the gradient to the larger half only.
   */
  @Test
  void mfmIsTheMaximumOfTheHalvesAndRoutesTheGradientToTheLarger() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 6, 5, 7));
      x.setRequiresGradient(true);
      float[] in = x.toFloatArray();
      float[] out;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = OpBlock.apply(new Layer.MaxFeatureMap(), x, true);
        assertEquals(new Shape(2, 3, 5, 7), y.getShape());
        out = y.toFloatArray();
        gc.backward(y.sum());
      }
      float[] grad = x.getGradient().toFloatArray();
      int plane = 5 * 7;
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < plane; i++) {
            int ia = (n * 6 + c) * plane + i;
            int ib = (n * 6 + c + 3) * plane + i;
            float a = in[ia];
            float b = in[ib];
            float o = out[(n * 3 + c) * plane + i];
            assertEquals(Math.max(a, b), o, 1e-6f * Math.max(1f, Math.abs(o)));
            assertEquals(a > b ? 1f : 0f, grad[ia], 0f);
            assertEquals(a > b ? 0f : 1f, grad[ib], 0f);
          }
        }
      }
    }
  }
}
