package dev.vigil.cli.explain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.cli.common.VerdictOptions;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.ModelMetadata;
import dev.vigil.runtime.resample.MonoAudio;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil explain FILE}: a picture, the numbers and the input tensors of one verdict. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains one file's verdict: --png draws the log-mel spectrogram, the per-segment score"
          + " with the threshold line and the gate's weight per expert; --json prints the verdict"
          + " with its segments; --features writes the model's input tensors as .npy files.",
      "Without --png or --features, --json is implied."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class ExplainCommand implements Callable<Integer> {

  /** Longest audio explain loads into memory for --png and --features, seconds. */
  static final double MAX_SECONDS = 3600;

  @Spec CommandSpec spec;

  @Mixin ModelMixin model;

  @Mixin VerdictOptions verdict;

  @Parameters(index = "0", paramLabel = "FILE", description = "The audio or video file.")
  Path file;

  @Option(names = "--png", paramLabel = "OUT.png", description = "Write the picture here.")
  Path png;

  @Option(names = "--json", description = "Print the verdict with its segments as JSON.")
  boolean json;

  @Option(
      names = "--features",
      paramLabel = "DIR",
      description =
          "Write each segment's model inputs as DIR/segNNNN_<input>.npy (float32, [1, F, T];"
              + " waveform [W]).")
  Path featuresDir;

  @Option(
      names = "--width",
      defaultValue = "1200",
      description = "Picture width, px. Default: ${DEFAULT-VALUE}.")
  int width;

  @Option(
      names = "--height",
      defaultValue = "720",
      description = "Picture height, px. Default: ${DEFAULT-VALUE}.")
  int height;

  @Override
  public Integer call() throws Exception {
    if (width < 320 || height < 240 || width > 20000 || height > 20000) {
      throw new CliException("--width must be in [320, 20000] and --height in [240, 20000] px");
    }
    DetectorOptions options;
    try {
      options = verdict.applyTo(model.detectorOptions());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Detector detector = ModelMixin.openDetector(options)) {
      AudioSource source = AudioSource.of(file);
      FileVerdict v;
      float[] samples = null;
      try {
        v = detector.detect(source).get(0);
        // the verdict comes through the detector; the samples are read again only for what a
        // verdict does not carry: the spectrogram (--png) and the model's inputs (--features)
        if (png != null || featuresDir != null) {
          samples =
              MonoAudio.read(
                  source,
                  detector.segmentConfig().sampleRate(),
                  (long) Math.ceil(MAX_SECONDS * detector.segmentConfig().sampleRate()),
                  "longer than " + MAX_SECONDS + " s, the most this command loads",
                  detector.decodeOptions());
        }
      } catch (AudioInputException e) {
        throw new CliException(e.getMessage(), ExitCodes.SOME_FAILED, e);
      }
      ModelMetadata meta = detector.model().metadata();
      SegmentConfig seg = detector.segmentConfig();
      if (png != null) {
        writePng(samples, seg, meta, v);
      }
      if (featuresDir != null) {
        writeFeatures(samples, seg, meta, v);
      }
      if (json || (png == null && featuresDir == null)) {
        ObjectNode o =
            VerdictJson.verdict(v, detector.model().id(), detector.model().version(), true);
        out.println(VerdictJson.toLine(o));
      } else {
        out.printf(
            Locale.ROOT,
            "%s: %s, score %.4f (threshold %.4f), %d segments%n",
            file,
            v.label().wireName(),
            v.score(),
            v.threshold(),
            v.segments().size());
      }
      out.flush();
      return ExitCodes.of(v.label() == dev.vigil.runtime.verdict.Label.SPOOF, false);
    }
  }

  private void writePng(float[] samples, SegmentConfig seg, ModelMetadata meta, FileVerdict v)
      throws IOException {
    FeatureSpec mel = FeatureSpec.logmel();
    for (FeatureSpec f : meta.features()) {
      if (f.isMel()) {
        mel = f;
        break;
      }
    }
    int w = mel.windowSamples();
    int windows = Math.max(1, (samples.length + w - 1) / w);
    // display only: consecutive, non-overlapping windows placed side by side; the tail is padded
    float[] padded = new float[windows * w];
    if (samples.length < w) {
      tile(samples, padded, 0, w);
    } else {
      System.arraycopy(samples, 0, padded, 0, samples.length);
    }
    int bins = mel.bins();
    int frames = mel.frames();
    float[] one = new float[bins * frames];
    float[] all = new float[bins * frames * windows];
    FeatureExtractor fx = FeatureExtractor.create(mel);
    for (int k = 0; k < windows; k++) {
      fx.extract(padded, k * w, one, 0);
      for (int b = 0; b < bins; b++) {
        System.arraycopy(one, b * frames, all, b * frames * windows + k * frames, frames);
      }
    }
    double spanned = windows * (double) w / seg.sampleRate();
    BufferedImage img = ExplainPlot.render(all, bins, frames * windows, spanned, v, width, height);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new CliException(png + ": no PNG writer available", ExitCodes.INTERNAL, null);
    }
  }

  private void writeFeatures(float[] samples, SegmentConfig seg, ModelMetadata meta, FileVerdict v)
      throws IOException {
    Files.createDirectories(featuresDir);
    int w = seg.windowSamples();
    float[] window = new float[w];
    SegmentFeatures sf = new SegmentFeatures(meta.features());
    float[][] buf = sf.newBuffers();
    List<FeatureSpec> specs = meta.features();
    for (SegmentVerdict s : v.segments()) {
      if (samples.length < w) {
        tile(samples, window, 0, w);
      } else {
        int start =
            (int) Math.min(samples.length - w, Math.round(s.startSeconds() * seg.sampleRate()));
        System.arraycopy(samples, start, window, 0, w);
      }
      sf.compute(window, 0, buf);
      for (int i = 0; i < specs.size(); i++) {
        FeatureSpec f = specs.get(i);
        NpyWriter.write(
            featuresDir.resolve(String.format(Locale.ROOT, "seg%04d_%s.npy", s.index(), f.name())),
            buf[i],
            0,
            1,
            f.bins(),
            f.frames());
      }
      if (meta.needsWaveform()) {
        NpyWriter.write(
            featuresDir.resolve(String.format(Locale.ROOT, "seg%04d_waveform.npy", s.index())),
            window,
            0,
            w);
      }
    }
  }

  /**
   * Repeats {@code src} to fill {@code dst[off .. off + n)} (short files, as the runtime tiles).
   */
  private static void tile(float[] src, float[] dst, int off, int n) {
    if (src.length == 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      dst[off + i] = src[i % src.length];
    }
  }
}
