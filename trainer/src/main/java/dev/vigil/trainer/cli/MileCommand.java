package dev.vigil.trainer.cli;

import dev.vigil.trainer.data.DemoData;
import dev.vigil.trainer.train.RecipeRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil-train mile}. */
@Command(
    name = "mile",
    mixinStandardHelpOptions = true,
    description =
        "The whole recipe end to end: experts, then the gate, then calibration and thresholds on"
            + " whole validation files.")
final class MileCommand implements Callable<Integer> {
  @Mixin RecipeOptions options = new RecipeOptions();

  @Option(
      names = "--demo",
      paramLabel = "DIR",
      description =
          "Generate the small demo data set into DIR (if not there yet) and train on it instead"
              + " of the recipe's data.")
  Path demo;

  @Option(names = "--demo-clips", defaultValue = "60", description = "Demo clips per label.")
  int demoClips;

  @Override
  public Integer call() throws Exception {
    List<String> extra = new ArrayList<>();
    if (demo != null) {
      Path manifest = DemoData.write(demo, demoClips, 1234).toAbsolutePath();
      extra.add(
          "data=[{\"reader\":\"manifest\",\"name\":\"demo\",\"path\":\""
              + manifest.toString().replace("\\", "\\\\").replace("\"", "\\\"")
              + "\"}]");
    }
    return TrainSupport.run(options, RecipeRunner.Mode.ALL, extra, System.out);
  }
}
