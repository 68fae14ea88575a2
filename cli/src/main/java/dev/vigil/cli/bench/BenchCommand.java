package dev.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.common.CliException;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.cli.common.ModelMixin;
import dev.vigil.cli.scan.Candidate;
import dev.vigil.cli.scan.FileWalker;
import dev.vigil.cli.scan.WalkOptions;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.pipeline.Pipeline;
import dev.vigil.runtime.segment.SegmentReader;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench [PATH]}: model-only against end-to-end throughput on the same audio with the
 * same threads and batch size.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures model-only throughput (ONNX Runtime on precomputed features, full batches) two"
          + " ways, N single-threaded runs at once and one run at a time over N intra-op threads"
          + " (N = --threads), and end-to-end throughput (decode + resample + features + inference"
          + " through the engine, as vigil scan runs it) on the same audio with the same --threads"
          + " and --batch, in segments/s and audio-s/s, and the ratio of end-to-end to the faster"
          + " model-only figure. A first end-to-end pass warms up (JIT, ONNX Runtime's buffers) and"
          + " is printed apart; then --rounds rounds measure all three back to back and the round"
          + " with the median ratio is reported.",
      "Without PATH it generates speech-like WAV files (--files, --min-seconds, --max-seconds,"
          + " --rate). --generate DIR only writes such a folder and exits."
    },
    footer = ExitCodes.HELP_FOOTER)
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelMixin model;

  @Parameters(arity = "0..1", paramLabel = "PATH", description = "A folder or file of audio.")
  Path path;

  @Option(
      names = "--files",
      defaultValue = "24",
      description = "Generated files. Default: ${DEFAULT-VALUE}.")
  int files;

  @Option(
      names = "--min-seconds",
      defaultValue = "3",
      description = "Shortest generated file. Default: ${DEFAULT-VALUE}.")
  double minSeconds;

  @Option(
      names = "--max-seconds",
      defaultValue = "30",
      description = "Longest generated file. Default: ${DEFAULT-VALUE}.")
  double maxSeconds;

  @Option(
      names = "--rate",
      defaultValue = "44100",
      description =
          "Sample rate of generated files, Hz (44100 makes end-to-end resample). Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(
      names = "--generate",
      paramLabel = "DIR",
      description = "Only write the generated files into DIR.")
  Path generate;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Measurement rounds after the first end-to-end pass (JIT warm-up); each round measures"
              + " end-to-end and both model-only figures back to back, and the round with the median"
              + " ratio is reported. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(
      names = "--compare",
      paramLabel = "FILE",
      description =
          "A second model: instead of the end-to-end bench, measure model-only throughput (4"
              + " batches per round, one run at a time over --threads intra-op threads) and"
              + " single-window latency of --model and FILE side by side, rounds in alternating"
              + " order, on the same windows, with the load average.")
  Path compare;

  @Option(names = "--json", description = "Print the numbers as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (files < 1
        || !(minSeconds >= 1)
        || maxSeconds < minSeconds
        || rate < 8000
        || rate > 192000
        || rounds < 1
        || rounds > 100) {
      throw new CliException(
          "need --files >= 1, 1 <= --min-seconds <= --max-seconds, --rate in [8000, 192000] and"
              + " --rounds in [1, 100]");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (generate != null) {
      SpeechSynth.writeFolder(generate, files, minSeconds, maxSeconds, rate);
      out.printf(Locale.ROOT, "wrote %d files into %s%n", files, generate);
      out.flush();
      return ExitCodes.OK;
    }
    Path temp = null;
    Path audio = path;
    if (audio == null) {
      temp = Files.createTempDirectory("vigil-bench-");
      SpeechSynth.writeFolder(temp, files, minSeconds, maxSeconds, rate);
      audio = temp;
    }
    try {
      List<Path> inputs = new ArrayList<>();
      FileWalker w = new FileWalker(List.of(audio.toString()), null, WalkOptions.all());
      while (w.hasNext()) {
        Candidate c = w.next();
        if (c.error() != null) {
          throw new CliException(c.error());
        }
        inputs.add(c.file());
      }
      if (inputs.isEmpty()) {
        throw new CliException(audio + ": no audio files to benchmark");
      }
      ObjectNode r = compare != null ? compare(inputs) : run(inputs);
      if (json) {
        out.println(VerdictJson.toLine(r));
      } else if (compare != null) {
        ModelComparison.print(out, r);
      } else {
        print(out, r);
      }
      out.flush();
      return ExitCodes.OK;
    } finally {
      if (temp != null) {
        PathUtils.deleteDirectory(temp);
      }
    }
  }

  private ObjectNode run(List<Path> inputs) throws IOException, InterruptedException {
    int threads = model.threads();
    int batch = model.batch();
    try (Detector detector = ModelMixin.openDetector(model.batchDetectorOptions());
        DetectionEngine engine = DetectionEngine.create(detector, model.engineOptions())) {
      // the first pass also compiles the Java code (JIT) and sizes ONNX Runtime's buffers
      EndToEnd first = endToEnd(engine, inputs);
      if (first.segments == 0) {
        throw new CliException("no file under the path could be scored");
      }
      Model m = detector.loadedModel();
      int capacity = Math.min(batch, m.maxBatch());
      List<float[][]> feats = new ArrayList<>();
      List<float[]> windows = new ArrayList<>();
      precompute(detector, inputs, (int) Math.min(first.segments, 4L * batch), feats, windows);
      List<ObjectNode> measured = new ArrayList<>();
      try (Model wide =
          ModelMixin.load(
              model.modelPath(),
              new ModelOptions(model.modelOptions().device(), threads, capacity))) {
        for (int r = 0; r < rounds; r++) {
          EndToEnd e2e = endToEnd(engine, inputs);
          // the engine's way: `threads` single-threaded runs at once
          double concurrent = modelOnly(m, capacity, threads, feats, windows, e2e.segments);
          // one run at a time over `threads` intra-op threads
          double intraOp = modelOnly(wide, capacity, 1, feats, windows, e2e.segments);
          double modelSeconds = Math.min(concurrent, intraOp);
          ObjectNode o = VerdictJson.mapper().createObjectNode();
          rate(o.putObject("model_only"), modelSeconds, e2e.segments, e2e.audioSeconds);
          rate(o.putObject("model_only_concurrent"), concurrent, e2e.segments, e2e.audioSeconds);
          rate(o.putObject("model_only_intra_op"), intraOp, e2e.segments, e2e.audioSeconds);
          rate(o.putObject("end_to_end"), e2e.seconds, e2e.segments, e2e.audioSeconds);
          o.put("ratio", modelSeconds / e2e.seconds);
          measured.add(o);
        }
      }
      List<ObjectNode> byRatio = new ArrayList<>(measured);
      byRatio.sort(java.util.Comparator.comparingDouble(o -> o.get("ratio").asDouble()));
      ObjectNode median = byRatio.get((byRatio.size() - 1) / 2);
      FrontEndCpu frontEnd = frontEndCpu(detector, inputs);
      double frontEndCpu = frontEnd.seconds();

      ObjectNode o = VerdictJson.mapper().createObjectNode();
      o.put("model_id", detector.model().id());
      o.put("execution_provider", detector.model().executionProvider());
      o.put("threads", threads);
      o.put("batch", capacity);
      o.put("files", inputs.size());
      o.put("audio_seconds", first.audioSeconds);
      o.put("segments", first.segments);
      rate(o.putObject("end_to_end_first_pass"), first.seconds, first.segments, first.audioSeconds);
      for (String k :
          new String[] {
            "model_only", "model_only_concurrent", "model_only_intra_op", "end_to_end"
          }) {
        o.set(k, median.get(k));
      }
      o.put("ratio", median.get("ratio").asDouble());
      o.put("median_round", measured.indexOf(median) + 1);
      o.putArray("rounds").addAll(measured);
      ObjectNode fe = o.putObject("front_end");
      fe.put("cpu_seconds", frontEndCpu);
      fe.put("cpu_ms_per_segment", 1000 * frontEndCpu / first.segments);
      fe.put(
          "features_cpu_ms_per_segment",
          1000 * (frontEndCpu - frontEnd.decodeSeconds()) / first.segments);
      fe.put(
          "decode_resample_cpu_ms_per_segment", 1000 * frontEnd.decodeSeconds() / first.segments);
      // the model keeps `threads` cores busy for modelSeconds; the front end adds its CPU time
      double modelSeconds = median.get("model_only").get("seconds").asDouble();
      fe.put("ratio_bound", modelSeconds / (modelSeconds + frontEndCpu / threads));
      return o;
    }
  }

  private ObjectNode compare(List<Path> inputs) throws IOException {
    int threads = model.threads();
    try (Detector detector = ModelMixin.openDetector(model.batchDetectorOptions())) {
      int capacity = Math.min(model.batch(), detector.loadedModel().maxBatch());
      List<float[][]> feats = new ArrayList<>();
      List<float[]> windows = new ArrayList<>();
      precompute(detector, inputs, 4 * capacity, feats, windows);
      if (feats.isEmpty()) {
        throw new CliException("no file under the path could be scored");
      }
      ModelOptions options = new ModelOptions(model.modelOptions().device(), threads, capacity);
      try (Model a = ModelMixin.load(model.modelPath(), options);
          Model b = ModelMixin.load(compare, options)) {
        String nameA = model.modelPath() == null ? "bundled default" : model.modelPath().toString();
        ObjectNode o =
            ModelComparison.run(
                List.of(nameA, compare.toString()),
                List.of(a, b),
                capacity,
                4 * capacity,
                rounds,
                feats,
                windows);
        o.put("threads", threads);
        o.put("execution_provider", a.info().executionProvider());
        return o;
      }
    }
  }

  /** One end-to-end pass: every input submitted at once, timed until the last verdict. */
  private record EndToEnd(double seconds, long segments, double audioSeconds) {}

  private static EndToEnd endToEnd(DetectionEngine engine, List<Path> inputs)
      throws InterruptedException {
    long segments = 0;
    double audioSeconds = 0;
    List<CompletableFuture<List<FileVerdict>>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (Path p : inputs) {
      fs.add(engine.submit(AudioSource.of(p)));
    }
    for (CompletableFuture<List<FileVerdict>> f : fs) {
      List<FileVerdict> v = join(f);
      if (v != null) {
        segments += v.get(0).segments().size();
        audioSeconds += v.get(0).durationSeconds();
      }
    }
    return new EndToEnd((System.nanoTime() - t0) / 1e9, segments, audioSeconds);
  }

  /**
   * The features (and samples) of up to {@code distinct} windows of the inputs, in scan order, as
   * the detector's pipeline cuts them.
   */
  private static void precompute(
      Detector detector,
      List<Path> inputs,
      int distinct,
      List<float[][]> feats,
      List<float[]> windows) {
    Pipeline pipeline = detector.pipeline();
    SegmentFeatures sf = pipeline.features();
    int wlen = pipeline.segment().windowSamples();
    for (Path p : inputs) {
      if (feats.size() >= distinct) {
        break;
      }
      try {
        pipeline.read(
            AudioSource.of(p),
            (stream, window, samples, offset) -> {
              if (feats.size() < distinct) {
                float[][] b = pipeline.newFeatureBuffers();
                sf.compute(samples, offset, b);
                feats.add(b);
                windows.add(java.util.Arrays.copyOfRange(samples, offset, offset + wlen));
              }
            });
      } catch (IOException e) {
        // a bad file has no windows; end-to-end met it too
      }
    }
  }

  /**
   * CPU seconds one thread spends on the front end of every input, and the part of them the reader
   * reports as decoding, resampling and segmenting ({@link SegmentReader.Summary#decodeNanos()},
   * the figure {@code vigil scan} reports as its decode time), as its share of the thread's wall
   * time; the rest is the features.
   */
  private record FrontEndCpu(double seconds, double decodeSeconds) {}

  /**
   * The CPU one thread spends decoding, resampling, segmenting and computing the features of every
   * input, as the engine's workers do (the model not run).
   */
  private static FrontEndCpu frontEndCpu(Detector detector, List<Path> inputs) throws IOException {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Pipeline pipeline = detector.pipeline();
    SegmentFeatures sf = pipeline.features();
    float[][] out = pipeline.newFeatureBuffers();
    long decodeNanos = 0;
    long t0 = mx.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (Path p : inputs) {
      try {
        decodeNanos +=
            pipeline
                .read(
                    AudioSource.of(p),
                    (stream, window, samples, offset) ->
                        sf.compute(samples, offset, out, window.startSample()))
                .decodeNanos();
      } catch (IOException e) {
        // a bad file costs what it costs; end-to-end met it too
      }
    }
    double cpu = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
    long wall = System.nanoTime() - wall0;
    // decodeNanos is wall time: on a busy machine it holds time the thread waited for a core, so
    // the CPU is split in the proportion of the wall times (never a negative features share)
    double decodeShare = wall > 0 ? Math.min(1, decodeNanos / (double) wall) : 0;
    return new FrontEndCpu(cpu, cpu * decodeShare);
  }

  private static void rate(ObjectNode o, double seconds, long segments, double audioSeconds) {
    o.put("seconds", seconds);
    o.put("segments_per_s", segments / seconds);
    o.put("audio_s_per_s", audioSeconds / seconds);
  }

  /**
   * Seconds to run {@code total} segments of precomputed features in full batches on {@code
   * parallel} threads at once (each its own batch), after a warm-up of two batches per thread.
   */
  private static double modelOnly(
      Model m, int capacity, int parallel, List<float[][]> feats, List<float[]> windows, long total)
      throws IOException, InterruptedException {
    Batch[] batches = new Batch[parallel];
    for (int i = 0; i < parallel; i++) {
      batches[i] = m.newBatch(capacity);
      runSegments(m, batches[i], feats, windows, Math.min(feats.size(), 2L * capacity));
    }
    Thread[] threads = new Thread[parallel];
    IOException[] failure = new IOException[1];
    long t0 = System.nanoTime();
    for (int i = 0; i < parallel; i++) {
      Batch b = batches[i];
      long share = total / parallel + (i < total % parallel ? 1 : 0);
      threads[i] =
          new Thread(
              () -> {
                try {
                  runSegments(m, b, feats, windows, share);
                } catch (IOException e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                }
              },
              "vigil-bench-model-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    synchronized (failure) {
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    return seconds;
  }

  /**
   * Runs {@code total} windows through the model in full batches, cycling through the given ones.
   */
  static void runSegments(
      Model m, Batch b, List<float[][]> feats, List<float[]> windows, long total)
      throws IOException {
    long done = 0;
    int k = 0;
    while (done < total) {
      b.clear();
      while (!b.isFull() && done + b.size() < total) {
        b.add(feats.get(k), windows.get(k), 0);
        k = (k + 1) % feats.size();
      }
      m.run(b);
      done += b.size();
    }
  }

  private static List<FileVerdict> join(CompletableFuture<List<FileVerdict>> f)
      throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      return null; // a bad file in a user's folder counts for nothing
    }
  }

  private static void print(PrintWriter out, ObjectNode r) {
    out.printf(
        Locale.ROOT,
        "model %s on %s, %d threads, batch %d: %d files, %.1f s of audio, %d segments%n",
        r.get("model_id").asText(),
        r.get("execution_provider").asText(),
        r.get("threads").asInt(),
        r.get("batch").asInt(),
        r.get("files").asInt(),
        r.get("audio_seconds").asDouble(),
        r.get("segments").asLong());
    line(out, "end-to-end, first pass (JIT)", r.get("end_to_end_first_pass"));
    StringBuilder ratios = new StringBuilder();
    for (JsonNode round : r.get("rounds")) {
      ratios.append(ratios.length() == 0 ? "" : ", ");
      ratios.append(String.format(Locale.ROOT, "%.3f", round.get("ratio").asDouble()));
    }
    out.printf(
        Locale.ROOT,
        "rounds: %d, ratios %s; the median round (%d):%n",
        r.get("rounds").size(),
        ratios,
        r.get("median_round").asInt());
    line(
        out,
        "model-only, " + r.get("threads").asInt() + " runs x 1 thread",
        r.get("model_only_concurrent"));
    line(
        out,
        "model-only, 1 run x " + r.get("threads").asInt() + " threads",
        r.get("model_only_intra_op"));
    line(out, "end-to-end", r.get("end_to_end"));
    JsonNode fe = r.get("front_end");
    out.printf(
        Locale.ROOT,
        "front end alone (decode, resample, features; 1 thread): %.2f s CPU = %.3f ms/segment"
            + " (decode and resample %.3f, features %.3f)%n",
        fe.get("cpu_seconds").asDouble(),
        fe.get("cpu_ms_per_segment").asDouble(),
        fe.get("decode_resample_cpu_ms_per_segment").asDouble(),
        fe.get("features_cpu_ms_per_segment").asDouble());
    out.printf(
        Locale.ROOT,
        "end-to-end / model-only (the faster of the two) = %.3f"
            + " (bound with this front end on %d cores: %.3f)%n",
        r.get("ratio").asDouble(),
        r.get("threads").asInt(),
        fe.get("ratio_bound").asDouble());
  }

  private static void line(PrintWriter out, String label, JsonNode rate) {
    out.printf(
        Locale.ROOT,
        "%-30s %8.2f s  %9.1f segments/s  %9.1f audio-s/s%n",
        label,
        rate.get("seconds").asDouble(),
        rate.get("segments_per_s").asDouble(),
        rate.get("audio_s_per_s").asDouble());
  }
}
