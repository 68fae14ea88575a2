package dev.vigil.http;

import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Latency at concurrency 1 beside the model-only latency, measured in alternating blocks so that
 * both see the same machine (docs/http.md). Each round times, in this process with the service
 * idle, {@code PER_ROUND} model-only runs of the two windows' precomputed features both ways the
 * service can run them: one run of a batch of 2 over ONNX Runtime's intra-op threads, and two
 * single-threaded runs of one window side by side (the service's default); then {@code PER_ROUND}
 * requests posting the same 4 s WAV one after another to the running service. The ratio is taken
 * against the faster model-only way (at p50). Each block starts with {@link #BLOCK_WARM_UP} untimed
 * iterations, the same for every side. The probe's own CPU time during the HTTP blocks is printed,
 * since it shares the cores with the service. {@code WARM_UP} requests first bring the service to
 * its steady state: its HTTP stack's methods are compiled by C2 only after thousands of requests,
 * and until then the compiler takes a share of the two cores. Not a test; {@code
 * scripts/latency.sh} runs it:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:RUNTIME_CLASSPATH" \
 *   dev.vigil.http.LatencyProbe MODEL.onnx URL [ROUNDS] [PER_ROUND] [WARM_UP]
 * </pre>
 */
public final class LatencyProbe {
  /**
   * Untimed iterations at the start of every block: the other side's block has just pushed this
   * side's weights out of the shared cache (two copies of the model do not fit in L3 together).
   */
  private static final int BLOCK_WARM_UP = 5;

  private LatencyProbe() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: LatencyProbe MODEL.onnx URL [ROUNDS] [PER_ROUND] [WARM_UP]");
      System.exit(2);
    }
    Path modelFile = Path.of(args[0]);
    URI url = URI.create(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int perRound = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int total = rounds * perRound;
    double[] oneRun = new double[total];
    double[] sideBySide = new double[total];
    double[] http = new double[total];
    long probeCpuNanos = 0;
    double httpSeconds = 0;
    ExecutorService second = Executors.newSingleThreadExecutor();
    try (Connection client = new Connection(url, WarmupAudio.wav(16000, BodyWindows.audio()));
        Model wide = Model.load(modelFile, new ModelOptions("cpu", 0, 32));
        Model narrow = Model.load(modelFile, new ModelOptions("cpu", 1, 32))) {
      BodyWindows body = new BodyWindows(wide.metadata());
      Batch both = wide.newBatch(2);
      Batch a = narrow.newBatch(1);
      Batch b = narrow.newBatch(1);
      Callable<Void> together = () -> side(second, body, a, b);
      long w0 = System.nanoTime();
      for (int i = 0; i < warmUp; i++) {
        client.post();
      }
      if (warmUp > 0) {
        System.out.printf(
            Locale.ROOT,
            "service warm-up: %d requests in %.0f s%n",
            warmUp,
            (System.nanoTime() - w0) / 1e9);
      }
      for (int i = 0; i < 50; i++) { // warm-up of all three
        body.runBoth(both);
        together.call();
        client.post();
      }
      int k = 0;
      for (int r = 0; r < rounds; r++) {
        Thread.sleep(200); // the service's threads go idle
        for (int i = 0; i < BLOCK_WARM_UP; i++) {
          body.runBoth(both);
        }
        for (int i = 0; i < perRound; i++) {
          long t0 = System.nanoTime();
          body.runBoth(both);
          oneRun[k + i] = (System.nanoTime() - t0) / 1e6;
        }
        for (int i = 0; i < BLOCK_WARM_UP; i++) {
          together.call();
        }
        for (int i = 0; i < perRound; i++) {
          long t0 = System.nanoTime();
          together.call();
          sideBySide[k + i] = (System.nanoTime() - t0) / 1e6;
        }
        Thread.sleep(200); // this process's threads go idle
        for (int i = 0; i < BLOCK_WARM_UP; i++) {
          client.post();
        }
        long cpu0 = os.getProcessCpuTime();
        long h0 = System.nanoTime();
        for (int i = 0; i < perRound; i++) {
          long t0 = System.nanoTime();
          client.post();
          http[k + i] = (System.nanoTime() - t0) / 1e6;
        }
        httpSeconds += (System.nanoTime() - h0) / 1e9;
        probeCpuNanos += os.getProcessCpuTime() - cpu0;
        k += perRound;
      }
    } finally {
      second.shutdownNow();
    }
    Arrays.sort(oneRun);
    Arrays.sort(sideBySide);
    Arrays.sort(http);
    double[] model = pct(oneRun, 0.50) <= pct(sideBySide, 0.50) ? oneRun : sideBySide;
    System.out.printf(
        Locale.ROOT,
        "%d rounds x %d, alternating; 4 s WAV (2 windows) at concurrency 1%n",
        rounds,
        perRound);
    print("model-only, one run of 2 (ORT's threads)", oneRun);
    print("model-only, 2 single-threaded runs of 1", sideBySide);
    print("HTTP POST /v1/detect, round trip", http);
    System.out.printf(
        Locale.ROOT,
        "HTTP / model-only (the faster at p50): p50 %.2fx, p99 %.2fx%n",
        pct(http, 0.50) / pct(model, 0.50),
        pct(http, 0.99) / pct(model, 0.99));
    System.out.printf(
        Locale.ROOT,
        "probe CPU during the HTTP blocks: %.2f s over %.1f s (%.1f %% of one core)%n",
        probeCpuNanos / 1e9,
        httpSeconds,
        100 * probeCpuNanos / 1e9 / httpSeconds);
  }

  /** The two windows as two single-threaded runs at once, one on {@code second}. */
  private static Void side(ExecutorService second, BodyWindows body, Batch a, Batch b)
      throws Exception {
    Future<?> other =
        second.submit(
            () -> {
              body.runLast(b);
              return null;
            });
    body.runFirst(a);
    other.get();
    return null;
  }

  private static void print(String label, double[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "%-40s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n",
        label,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  /** The nearest-rank percentile of sorted values. */
  private static double pct(double[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  /**
   * One keep-alive HTTP/1.1 connection posting the same body: a few lines over a socket, so that
   * the load generator's own CPU time per request stays far below the service's (java.net.http's
   * client cost several milliseconds of CPU per request on this machine).
   */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;

    Connection(URI url, byte[] body) throws IOException {
      socket = new Socket(url.getHost(), url.getPort());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      byte[] head =
          ("POST "
                  + url.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + url.getHost()
                  + ":"
                  + url.getPort()
                  + "\r\nContent-Type: audio/wav\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      request = new byte[head.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(body, 0, request, head.length, body.length);
    }

    /** Sends the request and reads the whole answer (Content-Length or chunked); 200 or fails. */
    void post() throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      if (chunked) {
        for (int n = Integer.parseInt(line().strip(), 16); n > 0; ) {
          answer.write(in.readNBytes(n));
          line();
          n = Integer.parseInt(line().strip(), 16);
        }
        line();
      } else {
        answer.write(in.readNBytes(length));
      }
      byte[] b = answer.toByteArray();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException(status + ": " + new String(b, StandardCharsets.UTF_8));
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new EOFException("connection closed by the service");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }
  }
}
