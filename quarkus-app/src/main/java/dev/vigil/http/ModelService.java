package dev.vigil.http;

import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.engine.EngineOptions;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.verdict.FileVerdict;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Owns the one {@link DetectionEngine}: loads the model on a background thread at start-up (so
 * readiness can be seen red first), warms it up with one dummy batch, and closes it at shutdown.
 */
@ApplicationScoped
public class ModelService {
  private static final Logger LOG = Logger.getLogger(ModelService.class);

  /** Where the service is in its life. */
  public enum State {
    /** The model is loading or warming up. */
    LOADING,
    /** The model is loaded and warmed up: requests are served. */
    READY,
    /** No model file configured and no bundled default model: never ready. */
    NO_MODEL,
    /** Loading or warming up failed: never ready (see {@link #reason()}). */
    FAILED,
    /** Shut down. */
    CLOSED
  }

  private final VigilConfig config;
  private final ServiceMetrics metrics;
  private volatile State state = State.LOADING;
  private volatile String reason = "model loading";
  private volatile DetectionEngine engine;
  private volatile WorkBudget budget;
  private volatile Thread loader;
  private volatile long readyMillis = -1;

  /** CDI constructor. */
  @Inject
  public ModelService(VigilConfig config, ServiceMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  void onStart(@Observes StartupEvent event) {
    long t0 = System.nanoTime();
    Thread t =
        new Thread(
            () -> {
              load();
              if (state == State.READY) {
                readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                LOG.infof(
                    "model %s (%s) ready on %s after %d ms (load and warm-up)",
                    engine.model().id(),
                    engine.model().version(),
                    engine.model().executionProvider(),
                    readyMillis);
              }
            },
            "vigil-model-loader");
    t.setDaemon(true);
    loader = t;
    t.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    close();
  }

  private void load() {
    VigilConfig.ModelConfig m = config.model();
    String what = m.path().map(p -> "model file " + p).orElse("the bundled default model");
    if (!m.loadDelay().isZero()) {
      try {
        Thread.sleep(m.loadDelay().toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.infof("loading %s on device %s", what, m.device());
    DetectionEngine e;
    try {
      e = DetectionEngine.open(detectorOptions(), engineOptions());
    } catch (ModelException ex) {
      if (ex.check() == ModelException.Check.NO_DEFAULT_MODEL) {
        fail(
            State.NO_MODEL,
            "no model: vigil.model.path is not set and the bundled default model is not on the"
                + " class path; set vigil.model.path (env VIGIL_MODEL_PATH) to a .onnx file");
      } else {
        fail(State.FAILED, "cannot load the model: " + ex.getMessage());
      }
      return;
    } catch (Exception | LinkageError ex) {
      fail(State.FAILED, "cannot load " + what + ": " + ex);
      return;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        e.close();
        return;
      }
      engine = e;
    }
    if (config.model().warmUp()) {
      try {
        warmUp(e);
      } catch (Exception ex) {
        fail(State.FAILED, "warm-up of " + what + " failed: " + ex.getMessage());
        return;
      }
    }
    try {
      budget = budget(e);
    } catch (Exception ex) {
      fail(State.FAILED, "measuring the capacity of " + what + " failed: " + ex.getMessage());
      return;
    }
    synchronized (this) {
      if (state == State.LOADING) {
        state = State.READY;
        reason = null;
      }
    }
  }

  /** Scores one dummy file (two windows, so a batch of two) before readiness turns green. */
  private void warmUp(DetectionEngine e) throws Exception {
    byte[] wav = warmUpWav(e);
    CompletableFuture<List<FileVerdict>> f =
        e.trySubmit(AudioSource.of(wav, "warm-up"))
            .orElseThrow(() -> new IllegalStateException("engine refused the warm-up input"));
    try {
      f.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof AudioInputException aie) {
        // the audio path works; the dummy input just does not suit this model
        LOG.warnf("warm-up input was refused (%s); continuing", aie.getMessage());
        return;
      }
      throw ex.getCause() instanceof Exception c ? c : ex;
    } catch (TimeoutException ex) {
      f.cancel(true);
      throw new TimeoutException("warm-up did not finish within 2 minutes");
    }
  }

  /**
   * The audio-seconds budget ({@code vigil.limits.max-audio-in-flight}), sized from the configured
   * or measured capacity; null when it is {@code 0s}, or when there is no capacity to size it from
   * (none configured and no warm-up to measure it).
   */
  private WorkBudget budget(DetectionEngine e) throws Exception {
    Optional<Duration> configured = config.limits().maxAudioInFlight();
    if (configured.isPresent() && configured.get().isZero()) {
      return null;
    }
    double capacity = config.engine().capacity().orElse(Double.NaN);
    if (Double.isNaN(capacity) && !config.model().warmUp()) {
      LOG.info("admission: requests are only counted (no warm-up to measure the capacity)");
      return null;
    }
    if (Double.isNaN(capacity)) {
      capacity = measureCapacity(e);
    }
    double seconds =
        configured
            .map(d -> d.toMillis() / 1000.0)
            .orElse(0.8 * capacity * config.limits().requestTimeout().toMillis() / 1000.0);
    WorkBudget b = new WorkBudget(seconds, capacity);
    LOG.infof(
        "admission: %.0f audio seconds in flight at most, capacity %.1f audio-s/s",
        seconds, capacity);
    return b;
  }

  /**
   * Audio seconds per second under load: eight warm-up-sized requests at once, so the engine
   * batches as it does when busy; the best of five rounds, front end included.
   */
  private double measureCapacity(DetectionEngine e) throws Exception {
    var seg = e.model().metadata().segment();
    byte[] wav = warmUpWav(e);
    int requests = 8;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      List<CompletableFuture<List<FileVerdict>>> all = new java.util.ArrayList<>();
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

  /** Admission by audio seconds, or null when requests are only counted. */
  public WorkBudget budget() {
    return budget;
  }

  /** 1.5 windows of the model's audio: two windows, so a batch of two. */
  private static byte[] warmUpWav(DetectionEngine e) {
    var seg = e.model().metadata().segment();
    return WarmupAudio.wav(seg.sampleRate(), seg.windowSamples() + seg.windowSamples() / 2);
  }

  private void fail(State s, String why) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = s;
      reason = why;
    }
    LOG.error(why + " -- the service stays NOT READY (/q/health/ready is DOWN)");
  }

  /** {@code vigil.engine.inference-threads}, 0 meaning one per processor. */
  int inferenceThreads() {
    int n = config.engine().inferenceThreads();
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  /**
   * {@code vigil.model.intra-op-threads}; when 0, single-threaded runs beside other inference
   * threads, else ONNX Runtime's choice (all cores for the one run).
   */
  int intraOpThreads() {
    int n = config.model().intraOpThreads();
    return n > 0 ? n : inferenceThreads() > 1 ? 1 : 0;
  }

  DetectorOptions detectorOptions() {
    VigilConfig.ModelConfig m = config.model();
    VigilConfig.LimitsConfig l = config.limits();
    return DetectorOptions.defaults()
        .withModelPath(m.path().orElse(null))
        .withModel(new ModelOptions(m.device(), intraOpThreads(), config.engine().maxBatch()))
        .withDecodeTimeout(l.requestTimeout())
        .withMaxDurationSeconds(l.maxDuration().toMillis() / 1000.0);
  }

  EngineOptions engineOptions() {
    VigilConfig.EngineConfig c = config.engine();
    EngineOptions o = EngineOptions.defaults();
    if (c.workers() > 0) {
      o = o.withWorkers(c.workers());
    }
    return o.withInferenceThreads(inferenceThreads())
        .withMaxInFlight(c.maxInFlight())
        .withQueuedSegments(c.queuedSegments())
        .withMaxWait(c.maxWait())
        .withFullWait(c.fullWait())
        .withParallelFrontEnds(c.parallelFrontEnds())
        .withReadOrder(c.readOrder())
        .withFileTimeout(config.limits().requestTimeout())
        .withListener(metrics);
  }

  /** The life-cycle state. */
  public State state() {
    return state;
  }

  /** Why the service is not ready, or null when it is. */
  public String reason() {
    return reason;
  }

  /** Milliseconds from start-up to ready (load and warm-up), or -1 before. */
  public long readyMillis() {
    return readyMillis;
  }

  /**
   * The engine when ready.
   *
   * @throws ApiException 503 {@code not_ready} otherwise
   */
  public DetectionEngine engine() {
    DetectionEngine e = engine;
    if (state != State.READY || e == null) {
      throw new ApiException(ErrorCode.NOT_READY, "model not ready: " + reason);
    }
    return e;
  }

  /** The loaded model's description, when ready. */
  public Optional<ModelInfo> model() {
    DetectionEngine e = engine;
    return state == State.READY && e != null ? Optional.of(e.model()) : Optional.empty();
  }

  /** Closes the engine; idempotent. */
  synchronized void close() {
    state = State.CLOSED;
    reason = "shutting down";
    DetectionEngine e = engine;
    engine = null;
    if (e != null) {
      e.close();
    }
  }
}
