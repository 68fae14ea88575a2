package dev.vigil.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.arch.ExpertNet;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.data.DemoData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MELE with the stage-two options: one expert per domain (train-expert), then the gate alone
 * (train-mixture) with the experts frozen, on a hold-out part of the training data.
 */
class MeleFrozenHoldoutTest {
  @TempDir Path tmp;

  private static List<float[]> arrays(ExpertNet e) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : e.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @Test
  void frozenExpertsDoNotMoveAndDomainsAreRespected() throws Exception {
    Path manifest = DemoData.write(tmp.resolve("demo"), 18, 5);
    String m = manifest.toString();
    Recipe r =
        Recipe.load(
            null,
            List.of(
                "recipe=mele",
                "gate=mlp",
                "stage_two=frozen",
                "stage_two_split=holdout",
                "holdout_by=speaker",
                "holdout_fraction=0.3",
                "epochs=1",
                "batch_size=4",
                "steps_per_epoch=1",
                "val_batches=1",
                "window_seconds=0.25",
                "workers=1",
                "parity_segments=2",
                "experts=[{\"name\":\"a\",\"architecture\":\"resnet18\",\"feature\":\"logmel\","
                    + "\"config\":{\"width\":4},\"domain\":\"d1\"},"
                    + "{\"name\":\"b\",\"architecture\":\"resnet18\",\"feature\":\"loglinear\","
                    + "\"config\":{\"width\":4},\"domain\":\"d2\"}]",
                "data=[{\"reader\":\"manifest\",\"path\":\""
                    + m
                    + "\",\"domain\":\"d1\"},"
                    + "{\"reader\":\"manifest\",\"path\":\""
                    + m
                    + "\",\"domain\":\"d2\"}]"));
    Path run = tmp.resolve("run");
    RecipeRunner.Result experts =
        new RecipeRunner(r, run, tmp, ClipAudio.loader(DecodeOptions.defaults()), System.err)
            .run(RecipeRunner.Mode.EXPERTS);
    assertNull(experts.modelDir());
    assertTrue(Files.isDirectory(run.resolve("experts/a/checkpoint")));
    assertTrue(Files.isDirectory(run.resolve("experts/b/checkpoint")));
    RecipeRunner.Result mix =
        new RecipeRunner(r, run, tmp, ClipAudio.loader(DecodeOptions.defaults()), System.err)
            .run(RecipeRunner.Mode.MIXTURE);
    try (NDManager nd = NDManager.newBaseManager()) {
      Checkpoint model = Checkpoint.load(mix.modelDir(), nd);
      assertEquals("mlp", model.spec().gate().type());
      for (int i = 0; i < 2; i++) {
        Checkpoint stageOne =
            Checkpoint.load(run.resolve("experts/" + (i == 0 ? "a" : "b") + "/checkpoint"), nd);
        List<float[]> before = arrays(stageOne.net().expert(0));
        List<float[]> after = arrays(model.net().expert(i));
        assertEquals(before.size(), after.size());
        for (int k = 0; k < before.size(); k++) {
          assertArrayEquals(before.get(k), after.get(k), "frozen expert " + i + " array " + k);
        }
      }
    }
    assertEquals(1, mix.summary().get("stages").size(), mix.summary().toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RecipeRunner(
                        Recipe.load(
                            null,
                            List.of(
                                "recipe=mele",
                                "experts=[{\"name\":\"a\",\"architecture\":\"lcnn\","
                                    + "\"feature\":\"logmel\"}]",
                                "data=[{\"reader\":\"manifest\",\"path\":\"" + m + "\"}]")),
                        tmp.resolve("run2"),
                        tmp,
                        ClipAudio.loader(DecodeOptions.defaults()),
                        System.err)
                    .run(RecipeRunner.Mode.EXPERTS));
    assertTrue(e.getMessage().contains("needs a domain"), e.getMessage());
  }
}
