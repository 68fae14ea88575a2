package dev.vigil.http;

import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.testing.TestModels.Defect;
import dev.vigil.runtime.testing.TestModels.Hazard;
import dev.vigil.runtime.testing.TestModels.Variant;
import java.nio.file.Path;

/**
 * Writes the tests' ONNX models (TestModels) before the tests run: the one the {@code %test}
 * profile serves (two experts and an MLP gate), a different valid one that a reload swaps in, one
 * whose runs ONNX Runtime fails when a window is loud, and a slow one. The build calls it in
 * Maven's JVM (exec:java, phase process-test-classes) so that no runtime class is loaded outside
 * Quarkus's class loader in the test JVM.
 */
public final class WriteTestModel {
  private WriteTestModel() {}

  /** Writes the models into the directory {@code args[0]} and prints their paths. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    for (Path file :
        new Path[] {
          TestModels.write(dir, Variant.TWO_EXPERTS_MLP),
          TestModels.write(dir, Variant.SINGLE_LOGMEL),
          TestModels.write(dir, Variant.TWO_EXPERTS_MLP, Defect.INPUT_SHAPE),
          TestModels.write(dir, Variant.CLASSIC_WAVEFORM, Hazard.FAILS_WHEN_LOUD),
          TestModels.write(dir, Variant.TWO_EXPERTS_MLP, Hazard.SLOW)
        }) {
      System.out.println("test model: " + file);
    }
  }
}
