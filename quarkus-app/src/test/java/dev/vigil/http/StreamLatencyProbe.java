package dev.vigil.http;

import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stream latency of a running service (docs/http.md, {@code scripts/stream-latency.sh}): first the
 * model-only latency of one window (batch 1, single-threaded as the service's inference threads
 * run, features precomputed) and the features of one window, in this JVM with the service idle,
 * back to back (hot) and then one window alone every hop ({@value #PACED_RUNS} runs, as a lone
 * real-time stream brings them: caches and cores gone cold in between); then, for each stream
 * count, that many {@code /v1/stream} clients sending 16-bit 16 kHz audio in real time (a 20 ms
 * frame every 20 ms, starts spread over one hop) for {@code SECONDS}. A window's latency is from
 * the send of the frame holding its last sample to the arrival of its verdict (the end-aligned last
 * window, cut at the close, is left out). A run keeps up when the median latency of its last third
 * is at most 50 ms, or half its first third's, above that first third's (falling behind grows it by
 * the deficit every second). Four streams of 10 s go first, unmeasured, so that the service's
 * stream path is compiled before the first count. Not a test:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:RUNTIME_CLASSPATH" \
 *   dev.vigil.http.StreamLatencyProbe MODEL.onnx PORT SECONDS STREAMS[,STREAMS...]
 * </pre>
 */
public final class StreamLatencyProbe {
  private static final int RATE = 16000;
  private static final int FRAME_SAMPLES = RATE / 50; // 20 ms
  private static final long FRAME_NANOS = 20_000_000L;
  private static final double HOP_SECONDS = 1.5;
  private static final double GROWTH_MS = 50;
  private static final int PACED_RUNS = 60;
  private static final Pattern START_S = Pattern.compile("\"start_s\":([0-9.eE+-]+)");
  private static final Pattern END_S = Pattern.compile("\"end_s\":([0-9.eE+-]+)");

  /** The model-only p99 back to back, and alone every hop; features + model p50 alone (ms). */
  private static double hotModelP99;

  private static double pacedModelP99;
  private static double pacedBothP50;

  private StreamLatencyProbe() {}

  /** One stream's outcome. */
  private record Run(long[] latencies, long[] arrivals, int closeCode, long maxSendLagNanos) {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: StreamLatencyProbe MODEL.onnx PORT SECONDS STREAMS[,STREAMS...]");
      System.exit(2);
    }
    Path modelFile = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int[] counts = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    modelOnly(modelFile);
    byte[] audio = pcm(seconds);
    System.out.println("warm-up: 4 streams of 10 s, not measured");
    streams(port, 4, pcm(10), false);
    int most = 0;
    for (int n : counts) {
      boolean kept = streams(port, n, audio, true);
      if (kept) {
        most = Math.max(most, n);
      } else {
        System.out.printf(Locale.ROOT, "stopping the sweep: %d streams fell behind%n", n);
        break;
      }
    }
    System.out.printf(Locale.ROOT, "most streams kept up with: %d%n", most);
  }

  /** One window's model run (batch 1, one intra-op thread) and one window's features. */
  private static void modelOnly(Path modelFile) throws Exception {
    int runs = 400;
    try (Model model = Model.load(modelFile, new ModelOptions("cpu", 1, 1))) {
      BodyWindows body = new BodyWindows(model.metadata());
      Batch batch = model.newBatch(1);
      double[] run = new double[runs];
      for (int i = -100; i < runs; i++) {
        long t0 = System.nanoTime();
        body.runFirst(batch);
        if (i >= 0) {
          run[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      SegmentFeatures features = new SegmentFeatures(model.metadata().features());
      float[][] out = features.newBuffers();
      float[] samples = BodyWindows.audio();
      double[] feat = new double[runs];
      for (int i = -100; i < runs; i++) {
        long t0 = System.nanoTime();
        features.compute(samples, 0, out);
        if (i >= 0) {
          feat[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      // as one real-time stream brings them: a window alone every hop, the caches and cores cold
      double[] pacedRun = new double[PACED_RUNS];
      double[] pacedFeat = new double[PACED_RUNS];
      double[] pacedBoth = new double[PACED_RUNS];
      long next = System.nanoTime();
      for (int i = 0; i < PACED_RUNS; i++) {
        next += (long) (HOP_SECONDS * 1e9);
        sleepUntil(next);
        long t0 = System.nanoTime();
        features.compute(samples, 0, out);
        long t1 = System.nanoTime();
        body.runFirst(batch);
        long t2 = System.nanoTime();
        pacedFeat[i] = (t1 - t0) / 1e6;
        pacedRun[i] = (t2 - t1) / 1e6;
        pacedBoth[i] = (t2 - t0) / 1e6;
      }
      Arrays.sort(pacedRun);
      Arrays.sort(pacedFeat);
      Arrays.sort(pacedBoth);
      Arrays.sort(run);
      Arrays.sort(feat);
      hotModelP99 = pct(run, 0.99);
      pacedModelP99 = pct(pacedRun, 0.99);
      pacedBothP50 = pct(pacedBoth, 0.50);
      System.out.printf(
          Locale.ROOT,
          "model-only, one window (batch 1, 1 intra-op thread, features precomputed), %d runs:"
              + " p50 %.2f ms, p99 %.2f ms%n",
          runs,
          pct(run, 0.50),
          pct(run, 0.99));
      System.out.printf(
          Locale.ROOT,
          "features of one window, %d runs: p50 %.2f ms, p99 %.2f ms%n",
          runs,
          pct(feat, 0.50),
          pct(feat, 0.99));
      System.out.printf(
          Locale.ROOT,
          "one window alone every %.1f s (as one real-time stream brings them), %d runs: model"
              + " p50 %.2f ms, p99 %.2f ms; features p50 %.2f ms, p99 %.2f ms; both p50 %.2f ms,"
              + " p99 %.2f ms%n",
          HOP_SECONDS,
          PACED_RUNS,
          pct(pacedRun, 0.50),
          pct(pacedRun, 0.99),
          pct(pacedFeat, 0.50),
          pct(pacedFeat, 0.99),
          pct(pacedBoth, 0.50),
          pct(pacedBoth, 0.99));
    }
  }

  /** {@code n} real-time streams at once; prints their latencies; true when they kept up. */
  private static boolean streams(int port, int n, byte[] audio, boolean print) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            task -> {
              Thread t = new Thread(task, "stream");
              t.setDaemon(true); // a failed run must not keep the JVM (and the script) alive
              return t;
            });
    Random r = new Random(n);
    long t0 = System.nanoTime() + 500_000_000L;
    List<Future<Run>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = t0 + (long) (r.nextDouble() * HOP_SECONDS * 1e9);
      futures.add(pool.submit(() -> stream(port, audio, start)));
    }
    List<Long> all = new ArrayList<>();
    List<long[]> byArrival = new ArrayList<>();
    int refused = 0;
    long sendLag = 0;
    for (Future<Run> f : futures) {
      Run run = f.get();
      if (run.closeCode() != 1000) {
        refused++;
        continue;
      }
      sendLag = Math.max(sendLag, run.maxSendLagNanos());
      for (int i = 0; i < run.latencies().length; i++) {
        all.add(run.latencies()[i]);
        byArrival.add(new long[] {run.arrivals()[i], run.latencies()[i]});
      }
    }
    pool.shutdown();
    if (!print) {
      return true;
    }
    if (all.isEmpty()) {
      System.out.printf(Locale.ROOT, "%3d streams: no window (%d not closed with 1000)%n", n, n);
      return false;
    }
    double[] ms = all.stream().mapToDouble(v -> v / 1e6).sorted().toArray();
    byArrival.sort((a, b) -> Long.compare(a[0], b[0]));
    int third = byArrival.size() / 3;
    double first = median(byArrival.subList(0, Math.max(1, third)));
    double last =
        median(byArrival.subList(byArrival.size() - Math.max(1, third), byArrival.size()));
    boolean kept = refused == 0 && last - first <= Math.max(GROWTH_MS, first / 2);
    System.out.printf(
        Locale.ROOT,
        "%3d streams: %5d windows, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; median first"
            + " third %.1f ms, last third %.1f ms; %s%s; client send lag max %.1f ms%n",
        n,
        ms.length,
        pct(ms, 0.50),
        pct(ms, 0.99),
        ms[ms.length - 1],
        first,
        last,
        kept ? "kept up" : "FELL BEHIND",
        refused == 0 ? "" : " (" + refused + " streams not closed with 1000)",
        sendLag / 1e6);
    if (n == 1 && hotModelP99 > 0) {
      System.out.printf(
          Locale.ROOT,
          "  1 stream against the model alone: p99 %.2fx the back-to-back model-only p99, %.2fx the"
              + " model-only p99 of a window alone every %.1f s; p50 %.1f ms above features + model"
              + " alone every %.1f s%n",
          pct(ms, 0.99) / hotModelP99,
          pct(ms, 0.99) / pacedModelP99,
          HOP_SECONDS,
          pct(ms, 0.50) - pacedBothP50,
          HOP_SECONDS);
    }
    return kept;
  }

  /** One real-time stream starting at {@code start}. */
  private static Run stream(int port, byte[] audio, long start) throws Exception {
    sleepUntil(start);
    int frames = audio.length / (2 * FRAME_SAMPLES);
    long[] sent = new long[frames];
    long lag = 0;
    try (StreamClient c = StreamClient.connect("127.0.0.1", port, Map.of())) {
      c.start(RATE, 1, "pcm_s16le");
      long begin = System.nanoTime();
      boolean refused = false;
      for (int k = 0; k < frames && !refused; k++) {
        long due = begin + (k + 1) * FRAME_NANOS; // the frame's last sample is "live" then
        sleepUntil(due);
        sent[k] = System.nanoTime();
        lag = Math.max(lag, sent[k] - due);
        try {
          c.binary(audio, k * 2 * FRAME_SAMPLES, 2 * FRAME_SAMPLES);
        } catch (ExecutionException e) {
          refused = c.isClosed(); // closed by the server (1013 when not admitted)
          if (!refused) {
            throw e;
          }
        }
      }
      if (!refused) {
        c.end();
      }
      int code = c.awaitClose(Duration.ofSeconds(60));
      List<StreamClient.Message> messages = c.messages();
      long[] latencies = new long[messages.size()];
      long[] arrivals = new long[messages.size()];
      int m = 0;
      for (StreamClient.Message msg : messages) {
        Matcher b = START_S.matcher(msg.text());
        Matcher e = END_S.matcher(msg.text());
        if (!msg.text().contains("\"event\":\"window\"") || !b.find() || !e.find()) {
          continue;
        }
        double hops = Double.parseDouble(b.group(1)) / HOP_SECONDS;
        if (Math.abs(hops - Math.rint(hops)) > 1e-6) {
          continue; // the end-aligned last window, cut at the close
        }
        long lastSample = Math.round(Double.parseDouble(e.group(1)) * RATE);
        int k = (int) Math.min(frames - 1, (lastSample + FRAME_SAMPLES - 1) / FRAME_SAMPLES - 1);
        latencies[m] = msg.nanos() - sent[k];
        arrivals[m] = msg.nanos();
        m++;
      }
      return new Run(Arrays.copyOf(latencies, m), Arrays.copyOf(arrivals, m), code, lag);
    }
  }

  /** {@code seconds} of the warm-up chirp as 16-bit little-endian samples. */
  private static byte[] pcm(int seconds) {
    float[] x = WarmupAudio.samples(RATE, seconds * RATE);
    ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) {
      b.putShort((short) Math.round(v * 32767));
    }
    return b.array();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static double median(List<long[]> xs) {
    double[] v = xs.stream().mapToDouble(a -> a[1] / 1e6).sorted().toArray();
    return pct(v, 0.5);
  }

  private static double pct(double[] sorted, double p) {
    return sorted[(int) Math.floor(p * (sorted.length - 1))];
  }
}
