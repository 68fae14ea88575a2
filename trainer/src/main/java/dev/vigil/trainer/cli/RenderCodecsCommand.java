package dev.vigil.trainer.cli;

import dev.vigil.trainer.augment.CodecRenderer;
import dev.vigil.trainer.data.DataSet;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil-train render-codecs}. */
@Command(
    name = "render-codecs",
    mixinStandardHelpOptions = true,
    description =
        "Renders K seeded codec round trips (MP3, AAC, Opus, G.722, GSM through ffmpeg) of every"
            + " clip into a folder with a manifest that keeps labels, splits, speakers and origins.")
final class RenderCodecsCommand implements Callable<Integer> {
  @Mixin DataOptions data = new DataOptions();

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--variants", defaultValue = "2", description = "Variants per clip (K).")
  int variants;

  @Option(
      names = "--codecs",
      defaultValue = "all",
      description = "Comma list of mp3, aac, opus, g722, gsm, or all (default).")
  String codecs;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed.")
  long seed;

  @Option(names = "--ffmpeg", defaultValue = "ffmpeg", description = "The ffmpeg executable.")
  String ffmpeg;

  @Override
  public Integer call() throws Exception {
    if (variants < 1) {
      throw new IllegalArgumentException("--variants must be >= 1, got " + variants);
    }
    DataSet ds = data.read();
    int n =
        new CodecRenderer(ffmpeg, 120)
            .render(ds.clips(), out, variants, CodecRenderer.select(codecs), seed);
    System.out.printf(
        "%d variants of %d clips written to %s (manifest.csv)%n", n, ds.clips().size(), out);
    return 0;
  }
}
