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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Owns the loaded model: loads it on a background thread at start-up (so readiness can be seen red
 * first), warms it up with one dummy batch, sizes the admission budget, and closes it at shutdown.
 * {@link #reload()} loads the configured model again the same way and swaps it in; requests
 * admitted before finish on the model they started with, which closes once they are done.
 */
@ApplicationScoped
public class ModelService {
  private static final Logger LOG = Logger.getLogger(ModelService.class);

  /** How long a replaced model may outlive the request timeout before it is closed regardless. */
  private static final Duration RETIRE_MARGIN = Duration.ofSeconds(5);

  /** Where the service is in its life. */
  public enum State {
    /** The model is loading or warming up. */
    LOADING,
    /** The model is loaded and warmed up: requests are served. */
    READY,
    /** No model file configured and no bundled default model: not ready. */
    NO_MODEL,
    /** Loading or warming up failed: not ready until a reload succeeds (see {@link #reason()}). */
    FAILED,
    /** Shut down. */
    CLOSED
  }

  /** Why a load did not give a model: the state it leaves a starting service in, and one line. */
  private static final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final State state;

    LoadFailure(State state, String message) {
      super(message, null, false, false);
      this.state = state;
    }
  }

  private final VigilConfig config;
  private final ServiceMetrics metrics;
  private volatile State state = State.LOADING;
  private volatile String reason = "model loading";
  private volatile LoadedModel current;

  /** An engine being opened and warmed up, not serving yet (closed if the service shuts down). */
  private DetectionEngine opening;

  /** Held by the one load in progress, at start-up or by a reload. */
  private final AtomicBoolean loading = new AtomicBoolean();

  /** Models replaced by a reload, draining their requests (closed at shutdown if still there). */
  private final Set<LoadedModel> retiring = ConcurrentHashMap.newKeySet();

  private volatile long started;
  private volatile long readyMillis = -1;

  /** Sizes each loaded model's admission budget and keeps it sized while it serves. */
  private final AdmissionSizing sizing;

  /** CDI constructor. */
  @Inject
  public ModelService(VigilConfig config, ServiceMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.sizing = new AdmissionSizing(config);
    metrics.admission(this::budget);
    sizing.startSampling(() -> current);
  }

  void onStart(@Observes StartupEvent event) {
    long t0 = System.nanoTime();
    started = t0;
    loading.set(true);
    Thread t =
        new Thread(
            () -> {
              try {
                startUp(t0);
              } finally {
                loading.set(false);
              }
            },
            "vigil-model-loader");
    t.setDaemon(true);
    t.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    close();
  }

  private void startUp(long t0) {
    LoadedModel m;
    try {
      m = load();
    } catch (LoadFailure f) {
      fail(f.state, f.getMessage());
      return;
    }
    synchronized (this) {
      if (state != State.LOADING) {
        m.close(); // shut down meanwhile
        return;
      }
      current = m;
      state = State.READY;
      reason = null;
    }
    readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    ModelInfo info = m.engine().model();
    LOG.infof(
        "model %s (%s) ready on %s after %d ms (load and warm-up)",
        info.id(), info.version(), info.executionProvider(), readyMillis);
  }

  /**
   * Loads the configured model again (after {@code vigil.model.load-delay}), warms it up and sizes
   * its budget as at start-up, then swaps it in. The replaced model takes no new requests and
   * closes once the requests it admitted are done (at most the request timeout later). One load at
   * a time.
   *
   * @return the engine now serving
   * @throws ApiException 409 {@code reload_in_progress} while another load runs; 422 {@code
   *     model_rejected} when the file is missing, unreadable, corrupt, breaks the model contract or
   *     fails its warm-up (the loaded model keeps serving); 503 {@code not_ready} after shutdown
   */
  public DetectionEngine reload() {
    if (!loading.compareAndSet(false, true)) {
      metrics.reload(ErrorCode.RELOAD_IN_PROGRESS.wireName());
      throw new ApiException(
          ErrorCode.RELOAD_IN_PROGRESS,
          "reload refused: "
              + (state == State.LOADING ? "the start-up load" : "another reload")
              + " of "
              + what()
              + " is in progress; retry once it is done");
    }
    try {
      if (state == State.CLOSED) {
        throw new ApiException(ErrorCode.NOT_READY, "model not ready: " + reason);
      }
      long t0 = System.nanoTime();
      LoadedModel next;
      try {
        next = load();
      } catch (LoadFailure f) {
        metrics.reload(ErrorCode.MODEL_REJECTED.wireName());
        LoadedModel serving = current;
        String still =
            serving == null
                ? "no model is serving"
                : "still serving " + serving.engine().model().id();
        synchronized (this) {
          if ((state == State.FAILED || state == State.NO_MODEL) && f.state != State.CLOSED) {
            state = f.state;
            reason = f.getMessage();
          }
        }
        LOG.warnf("reload refused: %s; %s", f.getMessage(), still);
        throw new ApiException(
            ErrorCode.MODEL_REJECTED, "reload refused: " + f.getMessage() + "; " + still);
      }
      LoadedModel old;
      synchronized (this) {
        if (state == State.CLOSED) {
          next.close();
          throw new ApiException(ErrorCode.NOT_READY, "model not ready: " + reason);
        }
        old = current;
        current = next;
        state = State.READY;
        reason = null;
        if (old != null) {
          retiring.add(old);
        }
      }
      if (readyMillis < 0) {
        readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      }
      metrics.reload("ok");
      ModelInfo info = next.engine().model();
      LOG.infof(
          "model %s (%s) reloaded from %s in %d ms%s",
          info.id(),
          info.version(),
          what(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          old == null ? "" : "; the replaced " + old.engine().model().id() + " closes once idle");
      if (old != null) {
        retire(old, next);
      }
      return next.engine();
    } finally {
      loading.set(false);
    }
  }

  /**
   * Closes a replaced model on its own thread once its requests and streams are done, at most the
   * request timeout, plus the longest a stream may last and wait for its result, plus a margin
   * later: by then each of them has been answered, if only with a 504 (a stream with 1008 or 1011).
   * Until then its successor's budget also holds the audio it still scores, so that a reload under
   * load does not admit twice the work.
   */
  private void retire(LoadedModel old, LoadedModel successor) {
    VigilConfig.StreamConfig streams = config.stream();
    Duration bound =
        config
            .limits()
            .requestTimeout()
            .plus(streams.maxDuration())
            .plus(streams.idleTimeout())
            .plus(RETIRE_MARGIN);
    WorkBudget.Admitted carried =
        old.budget() == null || successor.budget() == null
            ? null
            : successor.budget().hold(old.budget().inFlightSeconds());
    metrics.retiring(1);
    Thread t =
        new Thread(
            () -> {
              try {
                int left = old.retire(bound);
                if (left > 0) {
                  LOG.warnf(
                      "replaced model %s closed with %d requests still using it after %d s",
                      old.engine().model().id(), left, bound.toSeconds());
                } else {
                  LOG.infof("replaced model %s closed", old.engine().model().id());
                }
              } finally {
                retiring.remove(old);
                if (carried != null) {
                  successor.budget().release(carried);
                }
                metrics.retiring(-1);
              }
            },
            "vigil-model-retire");
    t.setDaemon(true);
    t.start();
  }

  private String what() {
    return config.model().path().map(p -> "model file " + p).orElse("the bundled default model");
  }

  /**
   * Opens the configured model after {@code vigil.model.load-delay}, warms it up and sizes its
   * budget; whatever fails closes what was opened.
   */
  private LoadedModel load() throws LoadFailure {
    VigilConfig.ModelConfig m = config.model();
    String what = what();
    if (!m.loadDelay().isZero()) {
      try {
        Thread.sleep(m.loadDelay().toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new LoadFailure(State.FAILED, "loading " + what + " was interrupted");
      }
    }
    LOG.infof("loading %s on device %s", what, m.device());
    EngineMetrics engineMetrics = metrics.engineMetrics();
    DetectionEngine e;
    try {
      e = DetectionEngine.open(detectorOptions(), engineOptions().withListener(engineMetrics));
    } catch (ModelException ex) {
      if (ex.check() == ModelException.Check.NO_DEFAULT_MODEL) {
        throw new LoadFailure(
            State.NO_MODEL,
            "no model: vigil.model.path is not set and the bundled default model is not on the"
                + " class path; set vigil.model.path (env VIGIL_MODEL_PATH) to a .onnx file");
      }
      throw new LoadFailure(State.FAILED, "cannot load the model: " + ex.getMessage());
    } catch (Exception | LinkageError ex) {
      throw new LoadFailure(State.FAILED, "cannot load " + what + ": " + ex);
    }
    LoadedModel loaded = null;
    boolean closing;
    synchronized (this) {
      closing = state == State.CLOSED;
      if (!closing) {
        opening = e;
      }
    }
    try {
      if (closing) {
        throw new LoadFailure(State.CLOSED, "shutting down");
      }
      if (m.warmUp()) {
        try {
          warmUp(e);
        } catch (Exception ex) {
          throw new LoadFailure(State.FAILED, "warm-up of " + what + " failed: " + ex.getMessage());
        }
      }
      try {
        loaded = sizing.size(e, engineMetrics);
      } catch (Exception ex) {
        throw new LoadFailure(
            State.FAILED, "measuring the capacity of " + what + " failed: " + ex.getMessage());
      }
      return loaded;
    } finally {
      synchronized (this) {
        if (opening == e) {
          opening = null;
        }
      }
      if (loaded == null) {
        e.close();
        engineMetrics.closed();
      }
    }
  }

  /** Scores one dummy file (two windows, so a batch of two) before readiness turns green. */
  private void warmUp(DetectionEngine e) throws Exception {
    byte[] wav = WarmupAudio.forModel(e);
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

  /** The serving model's admission by audio seconds, or null when requests are only counted. */
  public WorkBudget budget() {
    LoadedModel m = current;
    return m == null ? null : m.budget();
  }

  private void fail(State s, String why) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = s;
      reason = why;
    }
    LOG.error(
        why + " -- the service stays NOT READY (/q/health/ready is DOWN) until a reload succeeds");
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
        .withFileTimeout(config.limits().requestTimeout());
  }

  /** The life-cycle state. */
  public State state() {
    return state;
  }

  /** Why the service is not ready, or null when it is. */
  public String reason() {
    return reason;
  }

  /**
   * Milliseconds from start-up to the first time ready (load and warm-up, or the first reload that
   * succeeded), or -1 before.
   */
  public long readyMillis() {
    return readyMillis;
  }

  /**
   * The engine when ready.
   *
   * @throws ApiException 503 {@code not_ready} otherwise
   */
  public DetectionEngine engine() {
    LoadedModel m = current;
    if (state != State.READY || m == null) {
      throw new ApiException(ErrorCode.NOT_READY, "model not ready: " + reason);
    }
    return m.engine();
  }

  /**
   * The serving model, counted as used by one more request until its {@link LoadedModel#release()}:
   * a reload does not close it before.
   *
   * @throws ApiException 503 {@code not_ready} when no model is serving
   */
  LoadedModel use() {
    while (true) {
      LoadedModel m = current;
      if (state != State.READY || m == null) {
        throw new ApiException(ErrorCode.NOT_READY, "model not ready: " + reason);
      }
      if (m.use()) {
        return m;
      }
      // retired by a reload since it was read: its successor is current already
    }
  }

  /** The serving model's description, when ready. */
  public Optional<ModelInfo> model() {
    LoadedModel m = current;
    return state == State.READY && m != null ? Optional.of(m.engine().model()) : Optional.empty();
  }

  /** Closes the engines (serving, draining and being opened); idempotent. */
  synchronized void close() {
    sizing.close();
    state = State.CLOSED;
    reason = "shutting down";
    LoadedModel m = current;
    current = null;
    if (m != null) {
      m.close();
    }
    for (LoadedModel old : retiring) {
      old.close();
    }
    if (opening != null) {
      opening.close();
      opening = null;
    }
  }
}
