package dev.vigil.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes, export times, parity and engine times at the real sizes (too slow for CI): run with {@code
 * ./mvnw -pl export test -Dtest=ReferenceSizeExportTest -Dvigil.export.reference=true}. Prints one
 * {@code REFERENCE} line per model; docs/export.md quotes them.
 */
@EnabledIfSystemProperty(named = "vigil.export.reference", matches = "true")
class ReferenceSizeExportTest {

  @Test
  void referenceSizedModelsExportWithParity(@TempDir Path dir) throws Exception {
    FeatureSpec mel = FeatureSpec.logmel();
    FeatureSpec lin = FeatureSpec.loglinear();
    List<MixtureSpec> specs =
        List.of(
            MixtureSpec.single(ExpertSpec.lcnn("lcnn_logmel", mel)),
            MixtureSpec.single(ExpertSpec.resnet18("resnet_loglinear", lin, 16)),
            MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", mel, 64)),
            new MixtureSpec(
                List.of(
                    ExpertSpec.lcnn("lcnn_logmel", mel),
                    ExpertSpec.resnet18("resnet_logmel", mel, 16),
                    ExpertSpec.resnet18("resnet_loglinear", lin, 16)),
                GateSpec.of("attention"),
                new Calibration("temperature", 0.8, 0)),
            new MixtureSpec(
                List.of(
                    ExpertSpec.lcnn("lcnn_a", mel),
                    ExpertSpec.lcnn("lcnn_b", mel),
                    ExpertSpec.lcnn("lcnn_c", mel),
                    ExpertSpec.lcnn("lcnn_d", mel)),
                GateSpec.of("mlp"),
                Calibration.none()),
            new MixtureSpec(
                List.of(ExpertSpec.lcnn("lcnn_a", mel), ExpertSpec.lcnn("lcnn_b", mel)),
                GateSpec.of("classic"),
                Calibration.none()));
    int i = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (MixtureSpec spec : specs) {
        Path ckpt = dir.resolve("ckpt" + i);
        MixtureNet net = TestCheckpoints.trainAndSave(ckpt, spec, 1, 4, m);
        ExportResult r =
            Exporter.export(
                ckpt, dir.resolve("m" + i++ + ".onnx"), new ExportOptions(8, 4, 1e-4, 1));
        assertTrue(r.parity().maxAbsScore() <= 1e-4);
        System.out.printf(
            "REFERENCE %s/%s: %,d trainable parameters, %,d bytes, export %.1f s, max |Δ| score"
                + " %.2e expert_scores %.2e gate_weights %.2e, per batch of 4: ORT %.0f ms, DJL %.0f"
                + " ms%n",
            spec.experts().stream().map(e -> e.name() + e.config()).toList(),
            spec.gate().type(),
            Architectures.parameterCount(net),
            r.bytes(),
            r.exportMillis() / 1000.0,
            r.parity().maxAbsScore(),
            r.parity().maxAbsExpertScores(),
            r.parity().maxAbsGateWeights(),
            r.parity().ortMillisPerBatch(),
            r.parity().djlMillisPerBatch());
      }
    }
  }
}
