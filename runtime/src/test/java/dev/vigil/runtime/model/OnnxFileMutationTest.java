package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.testing.TestModels;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random byte mutations of valid model files: the wire reader and the contract checks either accept
 * the file or refuse it with an {@link IOException} (a {@link ModelException} for contract
 * failures), never with another exception.
 */
class OnnxFileMutationTest {

  @Test
  void mutatedModelsAreReadOrRefusedCleanly() {
    SplittableRandom rnd = new SplittableRandom(20261122);
    int refused = 0;
    int accepted = 0;
    for (TestModels.Variant v : TestModels.Variant.values()) {
      byte[] good = TestModels.bytes(v);
      for (int round = 0; round < 1500; round++) {
        byte[] bad = good.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
          int at = rnd.nextInt(bad.length);
          switch (rnd.nextInt(3)) {
            case 0 -> bad[at] = (byte) rnd.nextInt(256);
            case 1 -> bad[at] ^= (byte) (1 << rnd.nextInt(8));
            default -> bad = java.util.Arrays.copyOf(bad, at);
          }
          if (bad.length == 0) {
            break;
          }
        }
        try {
          OnnxFile file = OnnxFile.parse(bad);
          ModelContract.check(file, "mutant");
          accepted++;
        } catch (IOException expected) {
          assertTrue(!expected.getMessage().contains("\n"), expected.getMessage());
          refused++;
        } catch (RuntimeException e) {
          throw new AssertionError("round " + round + " of " + v + ": " + e, e);
        }
      }
    }
    assertTrue(refused > 1000, "refused " + refused);
    assertTrue(accepted >= 0);
  }
}
