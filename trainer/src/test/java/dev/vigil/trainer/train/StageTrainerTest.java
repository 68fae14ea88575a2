package dev.vigil.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.batch.BatchMaker;
import dev.vigil.trainer.batch.BatchSpec;
import dev.vigil.trainer.batch.TrainBatch;
import dev.vigil.trainer.data.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageTrainerTest {
  static final int W = 4000;
  @TempDir Path tmp;

  static Recipe tinyRecipe(String... extra) {
    List<String> o =
        new ArrayList<>(
            List.of(
                "batch_size=8",
                "lr=0.003",
                "eta_min=0.0003",
                "t_max=100",
                "steps_per_epoch=3",
                "val_batches=1",
                "window_seconds=0.25",
                "workers=1",
                "prefetch=2",
                "patience=50",
                "experts=[{\"name\":\"x\",\"architecture\":\"lcnn\",\"feature\":\"logmel\"}]",
                "data=[{\"reader\":\"manifest\",\"path\":\"unused.csv\"}]"));
    o.addAll(List.of(extra));
    try {
      return Recipe.load(null, o);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static MixtureSpec spec(String gate, String... archs) {
    List<ExpertSpec> experts = new ArrayList<>();
    for (int i = 0; i < archs.length; i++) {
      String[] af = archs[i].split(":");
      experts.add(
          new ExpertRecipe(
                  "e" + i + "_" + af[0],
                  af[0],
                  af[1],
                  af[0].equals("resnet18") ? java.util.Map.of("width", 4) : null,
                  null)
              .toSpec(W));
    }
    return new MixtureSpec(experts, GateSpec.of(gate), Calibration.none());
  }

  static List<Double> trainLosses(Path dir) throws java.io.IOException {
    List<Double> out = new ArrayList<>();
    ObjectMapper m = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
      JsonNode n = m.readTree(line);
      out.add(n.get("train_loss").asDouble());
    }
    return out;
  }

  /**
   * The training step (forward, loss, backward, AdamW) learns: repeated on one fixed batch of the
   * tiny generated set, the loss falls, for each expert type and each gate type.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"single:lcnn:logmel", "single:resnet18:loglinear", "classic", "mlp", "attention"})
  void lossFallsForEachExpertTypeAndGate(String what) throws Exception {
    String[] p = what.split(":", 2);
    MixtureSpec spec =
        p[0].equals("single")
            ? spec("single", p[1])
            : spec(p[0], "resnet18:logmel", "resnet18:loglinear");
    List<Clip> train = SyntheticData.clips(6, "train", "syn");
    AudioCache cache = new AudioCache(1L << 26, SyntheticData.loader());
    BatchSpec bs =
        new BatchSpec(spec.features(), spec.inputNames().contains(MixtureSpec.WAVEFORM), 8, W);
    TrainBatch batch =
        new BatchMaker(bs, train, cache, null, BatchMaker.newBadSet()).make(new Random(5));
    double smoothing = spec.experts().size() == 1 ? 0.2 : 0.0;
    List<Double> losses = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        AdamW opt = new AdamW(m, 1e-4)) {
      Engine.getInstance().setRandomSeed(1234);
      MixtureNet net = Architectures.mixture(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShapes(8));
      var params = StageTrainer.trainable(net);
      ParameterStore ps = new ParameterStore(m, false);
      int arraysAfterFirst = 0;
      for (int i = 0; i < 12; i++) {
        losses.add(StageTrainer.trainStep(net, ps, params, opt, batch, m, smoothing, 3e-3));
        if (i == 0) {
          arraysAfterFirst = m.getManagedArrays().size();
        }
      }
      // a step leaves nothing behind (the first creates the optimizer's moments): arrays left to
      // the long-lived managers grew a training process's native memory without bound
      assertEquals(arraysAfterFirst, m.getManagedArrays().size(), what + ": arrays left by steps");
    }
    double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
    double last = (losses.get(9) + losses.get(10) + losses.get(11)) / 3;
    assertTrue(last < 0.8 * first, what + ": training loss should fall, got " + losses);
  }
}
