package dev.vigil.trainer.cli;

import dev.vigil.trainer.train.RecipeRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil-train train-expert}. */
@Command(
    name = "train-expert",
    mixinStandardHelpOptions = true,
    description =
        "Stage one: trains every expert of the recipe (MELE: each on its domain; MILE: on the pooled data; recipe single: the one-expert-on-all-data baseline).")
final class TrainExpertCommand implements Callable<Integer> {
  @Mixin RecipeOptions options = new RecipeOptions();

  @Override
  public Integer call() throws Exception {
    return TrainSupport.run(options, RecipeRunner.Mode.EXPERTS, java.util.List.of(), System.out);
  }
}
