package dev.vigil.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertNet;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  static ParitySegments random(MixtureSpec spec, int count, long seed) {
    Random r = new Random(seed);
    Map<String, float[]> in = new LinkedHashMap<>();
    for (String name : spec.inputNames()) {
      float[] d = new float[(int) new Shape(spec.inputShape(name)).size() * count];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) r.nextGaussian();
      }
      in.put(name, d);
    }
    return new ParitySegments(count, in, null);
  }

  @Test
  void mixtureRoundTripsWithIdenticalOutputs(@TempDir Path dir) throws IOException {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.resnet18("r_mel", FeatureSpec.logmel(), 4),
                ExpertSpec.resnet18("r_lin", FeatureSpec.loglinear(), 4)),
            GateSpec.of("classic"),
            new Calibration("platt", 1.3, 0.2));
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureNet net = Architectures.mixture(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShapes(2));
      ParitySegments seg = random(spec, 3, 7);
      TrainingSummary summary =
          TrainingSummary.unfitted(
              0.5, JsonNodeFactory.instance.objectNode().put("model_name", "t"));
      Checkpoint.save(dir, net, spec, summary, seg);

      Checkpoint back = Checkpoint.load(dir, m);
      assertEquals(spec, back.spec());
      assertEquals(summary, back.summary());
      assertEquals(3, back.parity().count());
      for (String name : spec.inputNames()) {
        assertArrayEquals(seg.inputs().get(name), back.parity().inputs().get(name));
      }
      NDList in = seg.batch(m, spec, 0, 3);
      NDList a = net.forward(new ParameterStore(m, false), in, false);
      NDList b = back.net().forward(new ParameterStore(m, false), in, false);
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
      }
      assertTrue(Files.readString(dir.resolve("model.json")).contains("\"input_shapes\""));
    }
  }

  @Test
  void expertCheckpointLoadsAsSingleGateMixture(@TempDir Path dir) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      ExpertNet expert = Architectures.expert(ExpertSpec.lcnn("lcnn", FeatureSpec.logmel()));
      expert.initialize(m, DataType.FLOAT32, expert.inputShape(1));
      Checkpoint.saveExpert(
          dir, expert, TrainingSummary.unfitted(0.5, null), ParitySegments.none());
      Checkpoint back = Checkpoint.load(dir, m);
      assertEquals("single", back.spec().gate().type());
      NDList x = new NDList(m.randomNormal(expert.inputShape(2)));
      var logits = expert.forward(new ParameterStore(m, false), x, false).get(0);
      var score = back.net().forward(new ParameterStore(m, false), x, false).get(0);
      assertArrayEquals(logits.softmax(1).get(":, 1").toFloatArray(), score.toFloatArray(), 1e-6f);
      assertEquals(0, back.parity().count());
    }
  }

  @Test
  void stageOneExpertsLoadIntoAMixtureAndAMismatchIsRefused(@TempDir Path dir) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      ExpertNet expert =
          Architectures.expert(ExpertSpec.resnet18("stage1", FeatureSpec.loglinear(), 4));
      expert.initialize(m, DataType.FLOAT32, expert.inputShape(1));
      Checkpoint.saveExpert(
          dir, expert, TrainingSummary.unfitted(0.5, null), ParitySegments.none());
      MixtureNet mix =
          Architectures.mixture(
              new MixtureSpec(
                  List.of(
                      ExpertSpec.resnet18("a", FeatureSpec.logmel(), 4),
                      ExpertSpec.resnet18("b", FeatureSpec.loglinear(), 4)),
                  GateSpec.of("mlp"),
                  null));
      mix.initialize(m, DataType.FLOAT32, mix.inputShapes(1));
      Checkpoint.loadExpertInto(dir, mix.expert(1), m);
      NDList x = new NDList(m.randomNormal(expert.inputShape(2)));
      assertArrayEquals(
          expert.forward(new ParameterStore(m, false), x, false).get(0).toFloatArray(),
          mix.expert(1).forward(new ParameterStore(m, false), x, false).get(0).toFloatArray());
      var e =
          assertThrows(IOException.class, () -> Checkpoint.loadExpertInto(dir, mix.expert(0), m));
      assertTrue(e.getMessage().contains("does not fit a (resnet18 on logmel"), e.getMessage());
    }
  }

  @Test
  void missingFilesAndBadParitySizesAreNamed(@TempDir Path dir) throws IOException {
    var e = assertThrows(IOException.class, () -> Checkpoint.load(dir, null));
    assertTrue(e.getMessage().contains("missing model.json"), e.getMessage());
    MixtureSpec spec = MixtureSpec.single(ExpertSpec.lcnn("l", FeatureSpec.logmel()));
    var bad = new ParitySegments(2, Map.of("logmel", new float[10]), null);
    var e2 = assertThrows(IllegalArgumentException.class, () -> bad.check(spec));
    assertTrue(
        e2.getMessage().contains("input logmel needs 2 × 24080 floats, got 10"), e2.getMessage());
  }
}
