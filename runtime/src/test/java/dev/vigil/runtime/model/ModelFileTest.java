package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFileTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestModels.Variant.class)
  void writeCopyWithNewThresholdsReadsBackWithTheSameWeights(TestModels.Variant v)
      throws Exception {
    ModelFile original = ModelFile.read(TestModels.write(dir, v));
    Thresholds fitted = original.metadata().thresholds().withDefault("mine", 0.25);
    Path out = dir.resolve("copy.onnx");
    ModelFile written = original.writeCopy(out, fitted);
    assertEquals(out.toString(), written.name());
    assertFalse(Files.exists(dir.resolve("copy.onnx.tmp")));

    ModelFile back = ModelFile.read(out); // the contract checks pass again
    assertEquals(original.weightsSha256(), back.weightsSha256());
    assertEquals(original.modelId(), back.modelId());
    assertEquals(fitted, back.metadata().thresholds());
    assertEquals(0.25, back.metadata().thresholds().defaultThreshold(), 0);
    assertEquals(0.5, back.metadata().thresholds().points().get("eer"), 0);
    assertEquals(Files.size(out), back.size());
    // every other metadata entry is as it was
    for (Map.Entry<String, String> e : original.metadata().raw().entrySet()) {
      if (!e.getKey().equals(ModelContract.KEY_THRESHOLDS)) {
        assertEquals(e.getValue(), back.metadata().raw().get(e.getKey()), e.getKey());
      }
    }
    assertNotEquals(
        original.metadata().raw().get(ModelContract.KEY_THRESHOLDS),
        back.metadata().raw().get(ModelContract.KEY_THRESHOLDS));
    // and ONNX Runtime runs it with its file's size in the model's info
    try (Model m = Model.load(back, ModelOptions.cpu(1))) {
      assertEquals(original.modelId(), m.info().id());
      assertEquals(Files.size(out), m.info().fileBytes());
      assertEquals("mine", m.metadata().thresholds().defaultPoint());
    }
  }

  @Test
  void contractViolationsNameTheFileAndTheCheck() throws Exception {
    for (TestModels.Defect d : TestModels.Defect.values()) {
      if (d == TestModels.Defect.NONE) {
        continue;
      }
      Path p = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP, d);
      ModelException e = assertThrows(ModelException.class, () -> ModelFile.read(p), d.name());
      assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    Path valid = TestModels.write(dir, TestModels.Variant.SINGLE_LOGMEL);
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                ModelFile.read(
                    TestModels.write(
                        dir, TestModels.Variant.SINGLE_LOGMEL, TestModels.Defect.WEIGHTS_SHA256)));
    assertEquals(ModelException.Check.WEIGHTS_SHA256, e.check());

    // a truncated file is not a model; a missing one is not found
    byte[] bytes = Files.readAllBytes(valid);
    Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length - 7));
    e = assertThrows(ModelException.class, () -> ModelFile.read(cut));
    assertEquals(ModelException.Check.UNREADABLE, e.check());
    assertTrue(e.getMessage().startsWith(cut + ": not an ONNX model file ("), e.getMessage());
    Path missing = dir.resolve("missing.onnx");
    e = assertThrows(ModelException.class, () -> ModelFile.read(missing));
    assertEquals(missing + ": model file not found", e.getMessage());
  }

  @Test
  void aCopyThatBreaksTheContractIsRefusedAndNotWritten() throws Exception {
    ModelFile f = ModelFile.read(TestModels.write(dir, TestModels.Variant.SINGLE_LOGMEL));
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> f.withMetadata(Map.of(ModelContract.KEY_GATE, "{\"type\":\"nope\"}")));
    assertEquals(ModelException.Check.METADATA, e.check());
    assertTrue(e.getMessage().startsWith(f.name() + ": metadata vigil.gate"), e.getMessage());
    // "default" is the key naming the default point: a point of that name cannot be written
    Path out = dir.resolve("bad.onnx");
    Thresholds clash = f.metadata().thresholds().withDefault("default", 0.3);
    e = assertThrows(ModelException.class, () -> f.writeCopy(out, clash));
    assertTrue(e.getMessage().startsWith(out + ": metadata vigil.thresholds"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void describesItselfAsInfoPrintsIt() throws Exception {
    Path p = TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
    ModelFile f = ModelFile.read(p);
    ObjectNode o = f.describe();
    assertEquals(f.modelId(), o.at("/model/id").asText());
    assertEquals(p.toString(), o.at("/model/source").asText());
    assertEquals(Files.size(p), o.at("/model/file_bytes").asLong());
    assertEquals(f.weightsSha256(), o.at("/model/weights_sha256").asText());
    assertEquals("eer", o.at("/thresholds/default").asText());
    assertEquals(0.0, o.at("/parity/max_abs_score").asDouble(), 0);
    String text = f.describeText();
    int last = -1;
    for (String title :
        new String[] {
          "Model",
          "Experts",
          "Gate",
          "Features",
          "Segments",
          "Operating points",
          "Calibration",
          "Provenance",
          "Metrics",
          "Export parity"
        }) {
      int at = text.startsWith(title + "\n") ? 0 : text.indexOf("\n" + title + "\n");
      assertTrue(at > last, title + " missing or out of order:\n" + text);
      last = at;
    }
    assertTrue(text.startsWith("Model\n  id                 " + f.modelId() + "\n"), text);
    assertTrue(text.contains("  file size          " + Files.size(p) + " bytes\n"), text);
    assertTrue(text.contains("  eer              0.500000  (default)\n"), text);
  }

  @Test
  void noBundledModelOnTheRuntimeClassPath() {
    ModelException e = assertThrows(ModelException.class, ModelFile::bundled);
    assertEquals(ModelException.Check.NO_DEFAULT_MODEL, e.check());
  }
}
