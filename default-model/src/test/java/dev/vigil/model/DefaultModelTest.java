package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelMetadata;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.verdict.FileVerdict;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bundled model is on the class path, passes the contract checks and scores audio. */
class DefaultModelTest {

  private static final String RESOURCE = "/dev/vigil/model/default.onnx";

  @Test
  void bundledModelIsPresentAndSmall() throws Exception {
    try (InputStream in = DefaultModelTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " missing: run models/train-default.sh");
      long size = in.transferTo(java.io.OutputStream.nullOutputStream());
      assertTrue(size <= 25L * 1024 * 1024, "model file is " + size + " bytes, over 25 MB");
    }
  }

  @Test
  void bundledModelPassesTheContractAndRecordsItsProvenance() throws Exception {
    try (Model model = Model.loadDefault(ModelOptions.cpu(4))) {
      ModelMetadata m = model.info().metadata();
      assertEquals(1, m.contractVersion());
      assertEquals(
          List.of("lcnn_logmel", "resnet18_logmel", "resnet18_loglinear"), m.expertNames());
      assertEquals("attention", m.gate().type());
      ObjectMapper json = new ObjectMapper();
      JsonNode provenance = json.readTree(m.provenance().json());
      assertTrue(provenance.path("commit").asText().length() >= 7, provenance.toString());
      assertTrue(provenance.path("data").size() > 0, provenance.toString());
      JsonNode parity = json.readTree(m.parityJson());
      assertTrue(parity.path("max_abs_score").asDouble(1) <= 1e-4, parity.toString());
      JsonNode thresholds = json.readTree(m.raw().get("vigil.thresholds"));
      assertTrue(
          thresholds.has("eer") && thresholds.has("fpr_1pct") && thresholds.has("fpr_5pct"),
          thresholds.toString());
      // the bundled model labels at the dev threshold that flags 5 % of real files (decisions.md)
      assertEquals("fpr_5pct", thresholds.path("default").asText(), thresholds.toString());
      assertEquals("fpr_5pct", m.thresholds().defaultPoint());
    }
  }

  @Test
  void bundledModelScoresTheSampleClips() throws Exception {
    Path samples = Path.of("..", "samples");
    List<Path> files;
    try (Stream<Path> s = Files.list(samples)) {
      files = s.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
    }
    assertEquals(10, files.size());
    try (Detector detector = Detector.open(DetectorOptions.defaults().withDevice("cpu"))) {
      for (Path f : files) {
        FileVerdict v = detector.detect(AudioSource.of(f)).get(0);
        assertTrue(v.score() >= 0 && v.score() <= 1, f + ": " + v.score());
        assertTrue(v.segments().size() >= 1, f.toString());
      }
    }
  }
}
