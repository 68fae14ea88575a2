package dev.vigil.trainer.cli;

import dev.vigil.trainer.train.Recipe;
import dev.vigil.trainer.train.RecipeRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Runs a recipe in a mode and reports the outcome. */
final class TrainSupport {
  private TrainSupport() {}

  static int run(RecipeOptions o, RecipeRunner.Mode mode, List<String> extra, PrintStream out)
      throws IOException, InterruptedException {
    Recipe r = o.load(extra);
    long t0 = System.nanoTime();
    RecipeRunner.Result res =
        new RecipeRunner(r, o.runDir, o.baseDir(), o.loader(), System.err).run(mode);
    double s = (System.nanoTime() - t0) / 1e9;
    if (res.paused()) {
      out.printf(
          "paused by the wall-clock budget after %.1f s; run the same command to resume%n", s);
      return 0;
    }
    out.printf(
        "done in %.1f s%s%n",
        s, res.modelDir() == null ? "" : "; model checkpoint: " + res.modelDir());
    out.println(res.summary().toPrettyString());
    return 0;
  }
}
