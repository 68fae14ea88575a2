package dev.vigil.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.data.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  @TempDir Path tmp;

  private RunState train(Path dir, int epochs, long deadline) throws Exception {
    MixtureSpec spec = StageTrainerTest.spec("single", "resnet18:loglinear");
    Recipe r = StageTrainerTest.tinyRecipe("epochs=" + epochs, "steps_per_epoch=2");
    List<Clip> train = SyntheticData.clips(4, "train", "syn");
    List<Clip> val = SyntheticData.clips(2, "dev", "syn");
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1234);
      MixtureNet net = Architectures.mixture(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShapes(r.batchSize()));
      StageTrainer t =
          new StageTrainer(
              r, new AudioCache(1 << 24, SyntheticData.loader()), null, deadline, System.err);
      return t.run(new StageTrainer.Stage("resume", net, 0.2, train, val, dir, epochs, 1.0), m)
          .state();
    }
  }

  @Test
  void stoppedRunResumesToTheSameStateAsAnUninterruptedOne() throws Exception {
    Path a = tmp.resolve("a");
    RunState full = train(a, 2, Long.MAX_VALUE);
    Path b = tmp.resolve("b");
    RunState paused = train(b, 2, System.nanoTime());
    assertFalse(paused.finished());
    assertEquals("budget", paused.stopReason());
    assertEquals(0, paused.steps());
    assertTrue(Files.isRegularFile(b.resolve("last/state.json")));
    RunState first = train(b, 1, Long.MAX_VALUE);
    assertTrue(first.finished());
    RunState resumed = train(b, 2, Long.MAX_VALUE);
    assertTrue(resumed.finished());
    assertEquals(full.epoch(), resumed.epoch());
    assertEquals(full.steps(), resumed.steps());
    assertEquals(full.bestEpoch(), resumed.bestEpoch());
    assertEquals(full.bestValLoss(), resumed.bestValLoss(), 1e-3);
    try (NDManager m = NDManager.newBaseManager();
        AdamW oa = new AdamW(m, 0);
        AdamW ob = new AdamW(m, 0)) {
      oa.load(a.resolve("last/optimizer.bin"));
      ob.load(b.resolve("last/optimizer.bin"));
      assertEquals(4, oa.step());
      assertEquals(oa.step(), ob.step(), "same optimizer step after resume");
    }
    List<String> la = Files.readAllLines(a.resolve("metrics.jsonl"));
    List<String> lb = Files.readAllLines(b.resolve("metrics.jsonl"));
    assertEquals(2, la.size());
    assertEquals(2, lb.size());
    double lossA =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(la.get(1))
            .get("train_loss")
            .asDouble();
    double lossB =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(lb.get(1))
            .get("train_loss")
            .asDouble();
    assertEquals(lossA, lossB, 1e-3, "epoch 2 after resume trains like the uninterrupted run");
  }
}
