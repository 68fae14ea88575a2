package dev.vigil.trainer.cli;

import dev.vigil.trainer.train.RecipeRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil-train train-mixture}. */
@Command(
    name = "train-mixture",
    mixinStandardHelpOptions = true,
    description =
        "Stage two: trains the gate (jointly with the experts, or with them frozen) on experts already trained in the run folder, then fits calibration and thresholds.")
final class TrainMixtureCommand implements Callable<Integer> {
  @Mixin RecipeOptions options = new RecipeOptions();

  @Override
  public Integer call() throws Exception {
    return TrainSupport.run(options, RecipeRunner.Mode.MIXTURE, java.util.List.of(), System.out);
  }
}
