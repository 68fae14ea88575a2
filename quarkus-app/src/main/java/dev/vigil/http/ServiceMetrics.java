package dev.vigil.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's Micrometer meters (exported at {@code /q/metrics}): detect requests and their
 * latency by outcome, model reloads by result, the engines' batch sizes, inference time and queue
 * depths (fed by one {@link EngineMetrics} per engine), the memory and temporary files of request
 * bodies, and the live streams of {@code /v1/stream}: open streams, windows sent, window latency,
 * refusals and ends.
 */
@ApplicationScoped
public class ServiceMetrics {
  private static final double[] BATCH_BUCKETS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128};

  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer inference;
  private final Counter filesOk;
  private final Counter filesFailed;
  private final AtomicInteger filesInFlight = new AtomicInteger();
  private final AtomicInteger segmentsQueued = new AtomicInteger();
  private final AtomicInteger retiring = new AtomicInteger();
  private final Counter spilled;
  private final AtomicInteger streamsOpen = new AtomicInteger();
  private final Counter streamWindows;
  private final Timer streamLatency;

  /** CDI constructor. */
  @Inject
  public ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize =
        DistributionSummary.builder("vigil.engine.batch.size")
            .description("Segments per ONNX Runtime run (micro-batches across requests)")
            .baseUnit("segments")
            .serviceLevelObjectives(BATCH_BUCKETS)
            .register(registry);
    this.inference =
        Timer.builder("vigil.engine.inference")
            .description("Time in ONNX Runtime per batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.filesOk =
        Counter.builder("vigil.engine.files")
            .description("Inputs the engine completed")
            .tag("result", "ok")
            .register(registry);
    this.filesFailed =
        Counter.builder("vigil.engine.files")
            .description("Inputs the engine completed")
            .tag("result", "failed")
            .register(registry);
    Gauge.builder("vigil.engine.files.in.flight", filesInFlight, AtomicInteger::get)
        .description("Inputs admitted and not yet completed")
        .register(registry);
    Gauge.builder("vigil.engine.segments.queued", segmentsQueued, AtomicInteger::get)
        .description("Segments with features waiting for inference")
        .register(registry);
    Gauge.builder("vigil.model.retiring", retiring, AtomicInteger::get)
        .description("Models replaced by a reload whose engine has not closed yet")
        .register(registry);
    this.spilled =
        Counter.builder("vigil.body.spilled")
            .description("Request bodies read to their end into a temporary file")
            .register(registry);
    Gauge.builder("vigil.stream.open", streamsOpen, AtomicInteger::get)
        .description("/v1/stream connections admitted and not yet closed")
        .register(registry);
    this.streamWindows =
        Counter.builder("vigil.stream.windows")
            .description("Window verdicts sent on /v1/stream connections")
            .register(registry);
    this.streamLatency =
        Timer.builder("vigil.stream.latency")
            .description(
                "From the arrival of a window's last sample to its verdict written to the socket")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** A stream was admitted (+1) or closed (-1). */
  void streamOpen(int delta) {
    streamsOpen.addAndGet(delta);
  }

  /** One window verdict sent, {@code nanos} after its last sample arrived. */
  void streamWindow(long nanos) {
    streamWindows.increment();
    streamLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts one stream refused right after its handshake.
   *
   * @param reason {@code max_streams}, {@code budget} or {@code not_ready}
   */
  void streamRefused(String reason) {
    Counter.builder("vigil.stream.refusals")
        .description("/v1/stream connections refused after the handshake, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * Counts one admitted stream's end.
   *
   * @param outcome {@code ok}, {@code client_closed} or the error code it was closed with
   */
  void streamEnded(String outcome) {
    Counter.builder("vigil.stream.ends")
        .description("/v1/stream connections admitted and closed, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Exports the heap held by request bodies ({@code vigil_body_memory_bytes}). */
  public void bodyMemory(BodyMemory memory) {
    Gauge.builder("vigil.body.memory", memory, BodyMemory::used)
        .description("Heap held by request bodies (vigil.limits.body-memory)")
        .baseUnit("bytes")
        .register(registry);
  }

  /**
   * Exports the serving model's admission budget and the capacity it is sized from ({@code
   * vigil_admission_budget_seconds}, {@code vigil_admission_capacity}); NaN while none.
   */
  public void admission(java.util.function.Supplier<WorkBudget> budget) {
    Gauge.builder(
            "vigil.admission.budget",
            budget,
            b -> b.get() == null ? Double.NaN : b.get().budgetSeconds())
        .description("Audio seconds admitted at once (vigil.limits.max-audio-in-flight)")
        .baseUnit("seconds")
        .strongReference(true) // the supplier is a lambda no one else holds
        .register(registry);
    Gauge.builder(
            "vigil.admission.capacity",
            budget,
            b -> b.get() == null ? Double.NaN : b.get().capacity())
        .description("Audio seconds scored per wall second that the budget is sized from")
        .strongReference(true)
        .register(registry);
  }

  /** Counts one body read to its end into a temporary file. */
  public void spilled() {
    spilled.increment();
  }

  /** A listener for one more engine. */
  EngineMetrics engineMetrics() {
    return new EngineMetrics(this);
  }

  void batch(int size, long nanos) {
    batchSize.record(size);
    inference.record(nanos, TimeUnit.NANOSECONDS);
  }

  void depth(int filesDelta, int segmentsDelta) {
    filesInFlight.addAndGet(filesDelta);
    segmentsQueued.addAndGet(segmentsDelta);
  }

  void fileDone(boolean ok) {
    (ok ? filesOk : filesFailed).increment();
  }

  /**
   * Records one {@code POST /v1/model/reload} answer.
   *
   * @param result {@code ok} or the error code
   */
  public void reload(String result) {
    Counter.builder("vigil.model.reloads")
        .description("POST /v1/model/reload answers by result (ok or the error code)")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** A replaced model started (+1) or finished (-1) draining. */
  void retiring(int delta) {
    retiring.addAndGet(delta);
  }

  /**
   * Records one {@code POST /v1/detect} answer.
   *
   * @param outcome {@code ok} or the error code
   * @param nanos from the request's arrival at the resource to the answer
   */
  public void request(String outcome, long nanos) {
    Timer.builder("vigil.detect.requests")
        .description("POST /v1/detect answers by outcome (ok or the error code), with latency")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The largest batch recorded so far (tests, logs). */
  public double largestBatch() {
    return batchSize.max();
  }
}
