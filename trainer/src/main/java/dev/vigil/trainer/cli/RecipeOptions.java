package dev.vigil.trainer.cli;

import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.audio.ClipLoader;
import dev.vigil.trainer.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the training commands: the recipe, overrides and the run folder. */
final class RecipeOptions {
  @Option(names = "--recipe", description = "Recipe file (JSON or YAML).")
  Path recipe;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a recipe value (dotted keys for nested values), repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--run-dir", required = true, description = "Run folder (created; resumable).")
  Path runDir;

  @Option(names = "--no-ffmpeg", description = "Never decode through ffmpeg.")
  boolean noFfmpeg;

  Recipe load(List<String> extra) throws IOException {
    List<String> all = new ArrayList<>(extra);
    all.addAll(overrides);
    return Recipe.load(recipe, all);
  }

  Path baseDir() {
    return recipe == null ? Path.of("").toAbsolutePath() : recipe.toAbsolutePath().getParent();
  }

  ClipLoader loader() {
    return ClipAudio.loader(DecodeOptions.defaults().withAllowFfmpeg(!noFfmpeg));
  }
}
