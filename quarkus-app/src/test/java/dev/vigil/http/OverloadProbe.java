package dev.vigil.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Goodput of a RUNNING service under overload (issue 20): first its capacity, the audio seconds it
 * answers with 200 per wall second under a closed loop of {@code 2 × cores} clients; then, for each
 * load factor, an open-loop stream of posts of one WAV arriving at factor × capacity for {@code
 * SECONDS}, every answer awaited. Per factor it prints the goodput (audio seconds answered with 200
 * per wall second, from the first post to the last answer), the share of each status, the 200s'
 * latency, and the service's peak resident set when its PID is given. Bounded: at most {@link
 * #MAX_REQUESTS} posts a phase, 127.0.0.1 only. Not a test; {@code scripts/overload.sh} runs it:
 *
 * <pre>
 * java -cp target/test-classes dev.vigil.http.OverloadProbe URL WAV AUDIO_SECONDS [SECONDS] [PID]
 *     [FACTORS]
 * </pre>
 */
public final class OverloadProbe {
  private static final int MAX_REQUESTS = 4000;

  private OverloadProbe() {}

  /** One phase's outcome. */
  private record Phase(
      double seconds, double goodput, Map<Integer, Integer> statuses, double[] okMillis) {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: OverloadProbe URL WAV AUDIO_SECONDS [SECONDS] [PID] [FACTORS, e.g. 1,2,4]");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    if (!"127.0.0.1".equals(url.getHost())) {
      System.err.println("OverloadProbe: only 127.0.0.1 is probed, got " + url.getHost());
      System.exit(2);
    }
    byte[] wav = Files.readAllBytes(Path.of(args[1]));
    double audioSeconds = Double.parseDouble(args[2]);
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    long pid = args.length > 4 ? Long.parseLong(args[4]) : -1;
    double[] factors =
        Arrays.stream((args.length > 5 ? args[5] : "1,2,4").split(","))
            .mapToDouble(Double::parseDouble)
            .toArray();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpRequest post =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "audio/wav")
            .timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(wav))
            .build();
    RssPeak rss = new RssPeak(pid);
    int clients = 2 * Runtime.getRuntime().availableProcessors();
    Phase cal = closedLoop(client, post, audioSeconds, clients, seconds / 2);
    double capacity = cal.goodput;
    System.out.printf(
        Locale.ROOT,
        "capacity: %.1f audio-s/s answered with 200 (%d clients, closed loop, %.0f s; %s)%n",
        capacity,
        clients,
        cal.seconds,
        shares(cal.statuses));
    System.out.printf(
        Locale.ROOT,
        "%-7s %9s %9s %8s  %-36s %9s %9s %10s%n",
        "load",
        "offered",
        "goodput",
        "of 1x",
        "answers",
        "200 p50",
        "200 p99",
        "peak RSS");
    double goodputAt1 = Double.NaN;
    for (double f : factors) {
      rss.reset();
      double rate = f * capacity / audioSeconds; // posts per second
      Phase p = openLoop(client, post, audioSeconds, rate, seconds);
      if (f == 1.0) {
        goodputAt1 = p.goodput;
      }
      System.out.printf(
          Locale.ROOT,
          "%-7s %9.1f %9.1f %8s  %-36s %9s %9s %10s%n",
          f + "x",
          f * capacity,
          p.goodput,
          Double.isNaN(goodputAt1)
              ? "-"
              : String.format(Locale.ROOT, "%.0f %%", 100 * p.goodput / goodputAt1),
          shares(p.statuses),
          ms(p.okMillis, 0.50),
          ms(p.okMillis, 0.99),
          rss.peakMib() < 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB", rss.peakMib()));
    }
    rss.stop();
  }

  /** {@code clients} clients posting one after another for {@code seconds}. */
  private static Phase closedLoop(
      HttpClient client, HttpRequest post, double audioSeconds, int clients, int seconds)
      throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<Double> ok = new ArrayList<>();
    AtomicLong okCount = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long s = System.nanoTime();
                  int status = send(client, post);
                  synchronized (statuses) {
                    statuses.merge(status, 1, Integer::sum);
                    if (status == 200) {
                      ok.add((System.nanoTime() - s) / 1e6);
                      okCount.incrementAndGet();
                    }
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    return new Phase(wall, okCount.get() * audioSeconds / wall, statuses, toArray(ok));
  }

  /** Posts arriving at {@code rate} per second for {@code seconds}; every answer awaited. */
  private static Phase openLoop(
      HttpClient client, HttpRequest post, double audioSeconds, double rate, int seconds)
      throws Exception {
    int n = (int) Math.min(MAX_REQUESTS, Math.max(1, Math.round(rate * seconds)));
    long t0 = System.nanoTime();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<Double> ok = new ArrayList<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    AtomicLong last = new AtomicLong(t0);
    for (int i = 0; i < n; i++) {
      long due = t0 + Math.round(i / rate * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long s = System.nanoTime();
      all.add(
          client
              .sendAsync(post, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (r, e) -> {
                    int status = e == null ? r.statusCode() : -1;
                    long now = System.nanoTime();
                    synchronized (statuses) {
                      statuses.merge(status, 1, Integer::sum);
                      if (status == 200) {
                        ok.add((now - s) / 1e6);
                      }
                    }
                    last.accumulateAndGet(now, Math::max);
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
    double wall = (last.get() - t0) / 1e9;
    int okN = statuses.getOrDefault(200, 0);
    return new Phase(wall, okN * audioSeconds / wall, statuses, toArray(ok));
  }

  private static int send(HttpClient client, HttpRequest post) {
    try {
      return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static double[] toArray(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  private static String ms(double[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return String.format(Locale.ROOT, "%.0f ms", sorted[Math.max(0, i)]);
  }

  /** "200: 61 %, 503: 39 %" (-1: no answer). */
  private static String shares(Map<Integer, Integer> statuses) {
    int total = statuses.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Integer, Integer> e : statuses.entrySet()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(String.format(Locale.ROOT, "%d: %.0f %%", e.getKey(), 100.0 * e.getValue() / total));
    }
    return b + " of " + total;
  }

  /** The service's peak VmRSS, sampled every 200 ms from /proc (nothing without a PID). */
  private static final class RssPeak {
    private final AtomicLong peakKb = new AtomicLong(-1);
    private final AtomicBoolean running = new AtomicBoolean(true);

    RssPeak(long pid) {
      if (pid < 0) {
        return;
      }
      Path status = Path.of("/proc", Long.toString(pid), "status");
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    for (String line : Files.readAllLines(status)) {
                      if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        peakKb.accumulateAndGet(kb, Math::max);
                      }
                    }
                    Thread.sleep(200);
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
    }

    void reset() {
      if (peakKb.get() >= 0) {
        peakKb.set(0);
      }
    }

    double peakMib() {
      return peakKb.get() < 0 ? -1 : peakKb.get() / 1024.0;
    }

    void stop() {
      running.set(false);
    }
  }
}
