package dev.vigil.cli.listen;

import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.cli.common.Tty;
import dev.vigil.cli.common.VerdictOptions;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.PcmEncoding;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.engine.EngineOptions;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.Label;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil listen [FILE|-]}: scores audio as it arrives, one line per window. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a live stream (or a file) as it is read: prints each 3 s window's verdict the moment"
          + " it is scored, then the verdict of the whole input.",
      "FILE|- is a file or - (the default) for stdin. With --rate, --channels or --encoding the"
          + " input is raw PCM. Without them, stdin starting with a WAV header is streamed as it"
          + " comes, another container (FLAC, MP3, Ogg, MP4, ...) is read to its end first, and"
          + " anything else is raw pcm_s16le at the model's rate (16000 Hz), mono: what"
          + " 'ffmpeg -i SOURCE -f s16le -ar 16000 -ac 1 -' writes. A FILE without raw options is"
          + " decoded as scan decodes it."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class ListenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelMixin model;

  @Mixin VerdictOptions verdict;

  @Parameters(
      arity = "0..1",
      defaultValue = "-",
      paramLabel = "FILE|-",
      description = "The audio: a file, or - for stdin (default).")
  String input;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      description = "Raw PCM at HZ samples per second. Default: the model's rate (16000).")
  Integer rate;

  @Option(
      names = "--channels",
      paramLabel = "N",
      description = "Raw PCM of N interleaved channels, mixed down to mono. Default: 1.")
  Integer channels;

  @Option(
      names = "--encoding",
      paramLabel = "ENCODING",
      completionCandidates = Encodings.class,
      description = "Raw PCM samples: pcm_s16le or pcm_f32le (little-endian). Default: pcm_s16le.")
  PcmEncoding encoding;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "jsonl or table. Default: table on a terminal, else jsonl.")
  LinePrinter.Format format;

  @Override
  public Integer call() throws Exception {
    DetectorOptions options;
    try {
      options = verdict.applyTo(model.detectorOptions());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    ListenSource source = new ListenSource(input, encoding, rate, channels, System.in);
    LinePrinter.Format fmt =
        format != null
            ? format
            : Tty.stdout() ? LinePrinter.Format.TABLE : LinePrinter.Format.JSONL;
    long t0 = System.nanoTime();
    try (Detector detector = ModelMixin.openDetector(options);
        DetectionEngine engine = DetectionEngine.create(detector, engineOptions())) {
      int modelRate = detector.segmentConfig().sampleRate();
      source.rawFormat(modelRate); // refuse bad raw options before reading anything
      LinePrinter printer =
          new LinePrinter(
              fmt,
              spec.commandLine().getOut(),
              detector.model().metadata().expertNames(),
              detector.model().id(),
              detector.model().version(),
              detector.threshold());
      printer.header();
      CompletableFuture<List<FileVerdict>> result =
          source.start(engine, printer::window, modelRate);
      try {
        List<FileVerdict> verdicts = result.get();
        printer.result(verdicts);
        return ExitCodes.of(verdicts.stream().anyMatch(v -> v.label() == Label.SPOOF), false);
      } catch (ExecutionException e) {
        printer.failure(
            source.name(), e.getCause() == null ? e : e.getCause(), (System.nanoTime() - t0) / 1e6);
        return ExitCodes.SOME_FAILED;
      }
    }
  }

  /**
   * One inference thread, running each window as soon as it is cut over {@code --threads} intra-op
   * threads (the lowest latency for one stream), and reading the input between its runs.
   */
  private static EngineOptions engineOptions() {
    return EngineOptions.defaults().withWorkers(0).withInferenceThreads(1).withMaxInFlight(1);
  }

  /** The values of {@code --encoding} as they are typed, for completion. */
  static final class Encodings implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(PcmEncoding.values()).map(PcmEncoding::wireName).iterator();
    }
  }
}
