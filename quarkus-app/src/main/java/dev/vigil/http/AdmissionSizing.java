package dev.vigil.http;

import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.verdict.FileVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sizes a loaded model's admission budget ({@code vigil.limits.max-audio-in-flight}) from the
 * configured capacity or one measured after the warm-up, and, when neither the capacity nor the
 * budget is configured, keeps it sized from the capacity measured while serving: a sampler thread
 * feeds the serving engine's counters to its {@link CapacityMeter} once a second.
 */
final class AdmissionSizing implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AdmissionSizing.class);

  /** Share of the request timeout the budget fills at the capacity. */
  static final double TIMEOUT_SHARE = 0.8;

  private final VigilConfig config;
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-capacity");
            t.setDaemon(true);
            return t;
          });

  AdmissionSizing(VigilConfig config) {
    this.config = config;
  }

  /**
   * The engine as served: with its budget (null when {@code 0s}, or when there is no capacity to
   * size it from: none configured and no warm-up to measure it) and, when the budget follows the
   * capacity, the meter that keeps it sized.
   */
  LoadedModel size(DetectionEngine e, EngineMetrics metrics) throws Exception {
    Optional<Duration> configured = config.limits().maxAudioInFlight();
    if (configured.isPresent() && configured.get().isZero()) {
      return new LoadedModel(e, null, metrics);
    }
    Optional<Double> fixed = config.engine().capacity();
    if (fixed.isEmpty() && !config.model().warmUp()) {
      LOG.info("admission: requests are only counted (no warm-up to measure the capacity)");
      return new LoadedModel(e, null, metrics);
    }
    double capacity = fixed.isPresent() ? fixed.get() : measureCapacity(e);
    double perCapacity = TIMEOUT_SHARE * config.limits().requestTimeout().toMillis() / 1000.0;
    double seconds = configured.map(d -> d.toMillis() / 1000.0).orElse(perCapacity * capacity);
    WorkBudget b = new WorkBudget(seconds, capacity);
    boolean follows = fixed.isEmpty() && configured.isEmpty();
    LOG.infof(
        "admission: %.0f audio seconds in flight at most, capacity %.1f audio-s/s%s",
        seconds, capacity, follows ? " (measured again while serving)" : "");
    if (!follows) {
      return new LoadedModel(e, b, metrics);
    }
    var seg = e.model().metadata().segment();
    CapacityMeter meter = new CapacityMeter(capacity, seg.hopSamples() / (double) seg.sampleRate());
    return new LoadedModel(e, b, metrics, meter, perCapacity);
  }

  /** Samples the model {@code serving} gives once a second until {@link #close()}. */
  void startSampling(Supplier<LoadedModel> serving) {
    sampler.scheduleAtFixedRate(() -> sample(serving.get()), 1, 1, TimeUnit.SECONDS);
  }

  private static void sample(LoadedModel m) {
    try {
      if (m == null || m.budget() == null) {
        return;
      }
      double before = m.budget().budgetSeconds();
      if (m.sampleCapacity(System.nanoTime())) {
        double after = m.budget().budgetSeconds();
        if (Math.abs(after - before) > 0.2 * before) {
          LOG.infof(
              "admission: capacity measured while serving %.1f audio-s/s, budget %.0f -> %.0f"
                  + " audio seconds",
              m.budget().capacity(), before, after);
        }
      }
    } catch (RuntimeException ex) {
      LOG.warnf("admission: sampling the capacity failed: %s", ex.toString());
    }
  }

  /**
   * Audio seconds per second under load: eight warm-up-sized requests at once, so the engine
   * batches as it does when busy; the best of five rounds, front end included.
   */
  private static double measureCapacity(DetectionEngine e) throws Exception {
    var seg = e.model().metadata().segment();
    byte[] wav = WarmupAudio.forModel(e);
    int requests = 8;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      List<CompletableFuture<List<FileVerdict>>> all = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        all.add(
            e.trySubmit(AudioSource.of(wav, "capacity"))
                .orElseThrow(() -> new IllegalStateException("engine refused the capacity probe")));
      }
      for (CompletableFuture<List<FileVerdict>> f : all) {
        f.get(2, TimeUnit.MINUTES);
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    // two windows each: in steady state each window adds one hop of audio
    return requests * 2 * seg.hopSamples() / (double) seg.sampleRate() / (best / 1e9);
  }

  /** Stops the sampler. */
  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
