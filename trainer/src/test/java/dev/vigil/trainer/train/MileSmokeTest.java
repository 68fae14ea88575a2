package dev.vigil.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.data.DemoData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MILE recipe end to end on generated WAV files decoded by the runtime: three tiny experts
 * (LCNN log-mel, ResNet18 log-mel and log-linear at width 4), the attention gate, two epochs each,
 * then calibration, thresholds and the checkpoint.
 */
class MileSmokeTest {
  @TempDir Path tmp;

  @Test
  void mileRecipeRunsEndToEnd() throws Exception {
    Path manifest = DemoData.write(tmp.resolve("demo"), 18, 3);
    Recipe r =
        Recipe.load(
            null,
            List.of(
                "recipe=mile",
                "gate=attention",
                "epochs=2",
                "batch_size=8",
                "steps_per_epoch=2",
                "val_batches=1",
                "window_seconds=0.5",
                "workers=2",
                "prefetch=2",
                "lr=0.001",
                "eta_min=0.0001",
                "parity_segments=3",
                "default_operating_point=fpr_5pct",
                "experts=[{\"name\":\"lcnn_logmel\",\"architecture\":\"lcnn\",\"feature\":\"logmel\"},"
                    + "{\"name\":\"resnet_logmel\",\"architecture\":\"resnet18\",\"feature\":\"logmel\","
                    + "\"config\":{\"width\":4}},"
                    + "{\"name\":\"resnet_loglinear\",\"architecture\":\"resnet18\",\"feature\":"
                    + "\"loglinear\",\"config\":{\"width\":4}}]",
                "data=[{\"reader\":\"manifest\",\"path\":\"" + manifest + "\"}]",
                "augment.gain=0.5",
                "augment.spec_augment=0.5"));
    long t0 = System.nanoTime();
    RecipeRunner.Result res =
        new RecipeRunner(
                r, tmp.resolve("run"), tmp, ClipAudio.loader(DecodeOptions.defaults()), System.err)
            .run(RecipeRunner.Mode.ALL);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("MILE smoke run: %.1f s%n", seconds);
    assertFalse(res.paused());
    Path model = res.modelDir();
    for (String f :
        List.of(
            "model.json",
            "parameters.params",
            "training.json",
            "validation-report.json",
            "validation-report.txt",
            "parity/index.json")) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    assertEquals(3, res.summary().get("stages").size() - 1);
    try (NDManager m = NDManager.newBaseManager()) {
      Checkpoint c = Checkpoint.load(model, m);
      assertEquals(3, c.spec().experts().size());
      assertEquals("attention", c.spec().gate().type());
      JsonNode t = c.summary().thresholds();
      assertEquals("fpr_5pct", t.get("default").asText());
      assertTrue(t.get("eer").isNumber() && t.get("fpr_1pct").isNumber());
      // fewer bona fide files may be flagged at 1 % than at 5 %: the threshold is at least as high
      assertTrue(t.get("fpr_5pct").asDouble() <= t.get("fpr_1pct").asDouble(), t.toString());
      assertEquals(
          "temperature",
          c.spec().calibration().method().equals("none")
              ? "temperature"
              : c.spec().calibration().method());
      assertTrue(c.summary().metrics().at("/validation/auc").isNumber());
      assertEquals(3, c.parity().count());
      JsonNode prov = c.summary().provenance();
      assertEquals("manifest", prov.at("/data/0/name").asText());
      assertTrue(prov.at("/augmentations/gain").asLong() > 0, prov.toString());
    }
    for (String e : List.of("lcnn_logmel", "resnet_logmel", "resnet_loglinear")) {
      assertTrue(Files.isRegularFile(tmp.resolve("run/experts/" + e + "/metrics.jsonl")));
    }
    assertEquals(2, Files.readAllLines(tmp.resolve("run/mixture/metrics.jsonl")).size());
    List<dev.vigil.trainer.data.Clip> test =
        dev.vigil.trainer.data.ManifestReader.read(manifest, "demo").split("test").clips();
    JsonNode report =
        dev.vigil.trainer.eval.Evaluator.checkpoint(
            model,
            test,
            new dev.vigil.trainer.audio.AudioCache(
                1 << 26, ClipAudio.loader(DecodeOptions.defaults())),
            System.err);
    assertEquals(test.size(), report.get("files").asInt());
    assertEquals(3, report.at("/datasets/demo/mean_gate_weights").size());
    assertTrue(report.at("/pooled_uniform_gate/auc").isNumber());
  }
}
