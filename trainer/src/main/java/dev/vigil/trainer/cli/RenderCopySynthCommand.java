package dev.vigil.trainer.cli;

import dev.vigil.trainer.vocode.CopySynthRenderer;
import dev.vigil.trainer.vocode.CopySynthesis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil-train render-copysynth}. */
@Command(
    name = "render-copysynth",
    mixinStandardHelpOptions = true,
    description =
        "Renders copy-synthesis of every bona fide clip of a kit manifest (Griffin-Lim from log-mel,"
            + " LPC vocoder) as spoof clips, with a manifest that names each copy's real twin.")
final class RenderCopySynthCommand implements Callable<Integer> {
  @Option(
      names = "--kit",
      required = true,
      description =
          "Kit manifest CSV (path,label,source,system,language,speaker,origin,license; paths"
              + " relative to it).")
  Path kit;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--methods",
      defaultValue = "all",
      description = "Comma list of griffinlim, lpc, or all (default).")
  String methods;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    List<CopySynthesis.Method> selected = CopySynthesis.select(methods);
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    CopySynthRenderer.Summary s = new CopySynthRenderer(selected, seed, threads).render(kit, out);
    System.out.printf(
        "%d bona fide clips x %d methods: %d files written, %d already there, %d clips skipped,"
            + " %.1f s; manifest %s%n",
        s.clips(),
        selected.size(),
        s.written(),
        s.existing(),
        s.skipped(),
        s.seconds(),
        s.rows() == 0 ? "not written" : out.resolve("manifest.csv"));
    if (s.rows() == 0) {
      throw new IOException("nothing could be written to " + out + " (every clip was skipped)");
    }
    return 0;
  }
}
