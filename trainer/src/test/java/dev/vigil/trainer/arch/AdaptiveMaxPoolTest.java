package dev.vigil.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vigil.runtime.features.FeatureSpec;
import org.junit.jupiter.api.Test;

class AdaptiveMaxPoolTest {

  /** models.md §1.4, written out: H 10 → 16. */
  private static final int[][] ROWS_10_TO_16 = {
    {0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 4}, {3, 4}, {3, 5}, {4, 5},
    {5, 6}, {5, 7}, {6, 7}, {6, 8}, {7, 9}, {8, 9}, {8, 10}, {9, 10}
  };

  /** models.md §1.4, written out: W 37 → 8. */
  private static final int[][] COLUMNS_37_TO_8 = {
    {0, 5}, {4, 10}, {9, 14}, {13, 19}, {18, 24}, {23, 28}, {27, 33}, {32, 37}
  };

  @Test
  void lcnnPoolForThreeSecondsUsesTheReferenceWindowTable() {
    Layer.AdaptiveMaxPool2d pool = lcnnPool(FeatureSpec.logmel());
    assertEquals(10, pool.inH());
    assertEquals(37, pool.inW());
    assertArrayEquals(ROWS_10_TO_16, pool.rowWindows());
    assertArrayEquals(COLUMNS_37_TO_8, pool.columnWindows());
  }

  @Test
  void djlPoolEqualsTheMaxOverEachRectangle() {
    Layer.AdaptiveMaxPool2d pool = new Layer.AdaptiveMaxPool2d(16, 8, 10, 37);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 3, 10, 37));
      float[] in = x.toFloatArray();
      float[] out = OpBlock.apply(pool, x, false).toFloatArray();
      assertEquals(2 * 3 * 16 * 8, out.length);
      int k = 0;
      for (int n = 0; n < 2 * 3; n++) {
        for (int[] r : ROWS_10_TO_16) {
          for (int[] c : COLUMNS_37_TO_8) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = r[0]; i < r[1]; i++) {
              for (int j = c[0]; j < c[1]; j++) {
                max = Math.max(max, in[n * 370 + i * 37 + j]);
              }
            }
            assertEquals(max, out[k++]);
          }
        }
      }
    }
  }

  static Layer.AdaptiveMaxPool2d lcnnPool(FeatureSpec f) {
    ExpertLayout layout = ExpertLayout.of(ExpertSpec.lcnn("x", f));
    return layout.body().layers().stream()
        .filter(l -> l instanceof Layer.AdaptiveMaxPool2d)
        .map(l -> (Layer.AdaptiveMaxPool2d) l)
        .findFirst()
        .orElseThrow();
  }
}
