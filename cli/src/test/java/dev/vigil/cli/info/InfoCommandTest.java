package dev.vigil.cli.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

  @TempDir Path dir;

  /** Section titles of the text output, in order (docs/cli.md). */
  static final String[] SECTIONS = {
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
  };

  @Test
  void textHasEverySection() throws Exception {
    Path m = TestData.model(dir);
    CliRun.Result r = CliRun.run("info", m.toString());
    assertEquals(0, r.exit(), r.toString());
    assertEquals(ModelFile.read(m).describeText(), r.out());
    int last = -1;
    for (String s : SECTIONS) {
      int at = r.out().indexOf("\n" + s + "\n");
      if (s.equals("Model")) {
        at = r.out().startsWith("Model\n") ? 0 : -1;
      }
      assertTrue(at > last, s + " missing or out of order:\n" + r.out());
      last = at;
    }
    assertTrue(r.out().contains("sha256:"), r.out());
    assertTrue(r.out().contains("(default)"), r.out());
    assertTrue(r.out().contains("logmel") && r.out().contains("loglinear"), r.out());
  }

  @Test
  void jsonHasEveryKey() throws Exception {
    Path m = TestData.model(dir);
    CliRun.Result r = CliRun.run("info", m.toString(), "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode o = VerdictJson.mapper().readTree(r.out());
    for (String k :
        new String[] {
          "model",
          "contract_version",
          "features",
          "segment",
          "experts",
          "gate",
          "thresholds",
          "calibration",
          "provenance",
          "metrics",
          "parity"
        }) {
      assertTrue(o.has(k), k + " missing: " + o);
    }
    assertEquals(1, o.get("contract_version").asInt());
    assertTrue(o.get("model").get("id").asText().startsWith("sha256:"));
  }

  @Test
  void brokenModelsAreRefusedWithTheCheck() throws Exception {
    Path bad = dir.resolve("bad.onnx");
    Files.write(
        bad, TestModels.bytes(TestModels.Variant.SINGLE_LOGMEL, TestModels.Defect.WEIGHTS_SHA256));
    CliRun.Result r = CliRun.run("info", bad.toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(
        r.err().toLowerCase().contains("sha-256") || r.err().toLowerCase().contains("sha256"),
        r.err());
    Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
    r = CliRun.run("info", junk.toString());
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    // without a model argument, info describes the bundled default model
    r = CliRun.run("info");
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    assertTrue(r.out().contains("lcnn_logmel") && r.out().contains("attention"), r.out());
  }
}
