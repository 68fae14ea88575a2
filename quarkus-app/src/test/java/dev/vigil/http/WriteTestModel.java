package dev.vigil.http;

import dev.vigil.runtime.testing.TestModels;
import java.nio.file.Path;

/**
 * Writes the tests' ONNX model (TestModels, two experts and an MLP gate) before the tests run. The
 * build calls it in Maven's JVM (exec:java, phase process-test-classes) so that no runtime class is
 * loaded outside Quarkus's class loader in the test JVM.
 */
public final class WriteTestModel {
  private WriteTestModel() {}

  /** Writes the model into the directory {@code args[0]} and prints its path. */
  public static void main(String[] args) throws Exception {
    Path file = TestModels.write(Path.of(args[0]), TestModels.Variant.TWO_EXPERTS_MLP);
    System.out.println("test model: " + file);
  }
}
