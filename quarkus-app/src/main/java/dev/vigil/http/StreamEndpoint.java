package dev.vigil.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * {@code GET /v1/stream}: live audio over a WebSocket, a verdict per window as soon as it is scored
 * (protocol in docs/http.md). A Vert.x route that upgrades the request itself rather than a
 * WebSockets Next endpoint (docs/decisions.md): {@link RequestGuard} has checked the API key before
 * it runs, as for {@code /v1/detect}. Admits each stream after its handshake against {@code
 * vigil.stream.max-streams} and the serving model's work budget; {@link StreamConnection} runs it.
 */
@ApplicationScoped
public class StreamEndpoint {
  private static final Logger LOG = Logger.getLogger(StreamEndpoint.class);

  /** The endpoint's path. */
  static final String PATH = "/v1/stream";

  /**
   * Vert.x's own frame limit when {@code quarkus.http.websocket-server.max-frame-size} is unset.
   */
  private static final int VERTX_MAX_FRAME = 65536;

  private final ModelService models;
  private final VigilConfig config;
  private final ObjectMapper json;
  private final ServiceMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();

  /** What an admitted stream holds until it closes: the model it uses and its budget share. */
  record Admission(LoadedModel model, WorkBudget.Admitted held) {}

  /** CDI constructor. */
  @Inject
  public StreamEndpoint(
      ModelService models, VigilConfig config, ObjectMapper json, ServiceMetrics metrics) {
    this.models = models;
    this.config = config;
    this.json = json;
    this.metrics = metrics;
  }

  void install(@Observes Router router) {
    long frame = config.stream().maxFrameSize().asLongValue();
    int vertx =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.websocket-server.max-frame-size", Integer.class)
            .orElse(VERTX_MAX_FRAME);
    if (frame > vertx) {
      LOG.warnf(
          "vigil.stream.max-frame-size (%d bytes) is above quarkus.http.websocket-server"
              + ".max-frame-size (%d bytes): larger frames are refused by Vert.x with 1009 and no"
              + " message",
          frame, vertx);
    }
    // after RequestGuard (Integer.MIN_VALUE), before Quarkus REST (which would answer 404)
    router.get(PATH).order(Integer.MIN_VALUE + 3).handler(this::upgrade);
  }

  private void upgrade(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      RouteErrors.send(
          rc,
          json,
          ErrorCode.BAD_REQUEST,
          "GET " + PATH + " is a WebSocket endpoint: send Upgrade: websocket (see docs/http.md)",
          false,
          0);
      return;
    }
    request
        .toWebSocket()
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                new StreamConnection(this, ar.result()).start();
              } else {
                // Vert.x answered the bad handshake itself
                LOG.debugf("WebSocket handshake on %s failed: %s", PATH, ar.cause());
              }
            });
  }

  VigilConfig config() {
    return config;
  }

  ObjectMapper json() {
    return json;
  }

  ServiceMetrics metrics() {
    return metrics;
  }

  /**
   * Admits one more stream: a place among {@code vigil.stream.max-streams}, the serving model (a
   * reload does not close it while the stream uses it), and, when the service admits by work,
   * {@code vigil.limits.request-timeout} seconds of its budget: the audio a real-time stream brings
   * within one request timeout, so that streams and uploads together stay within what the service
   * scores in time, and at most 0.8 × capacity real-time streams fit.
   *
   * @throws ApiException {@code queue_full} or {@code not_ready} (closed with 1013)
   */
  Admission admit() {
    int max = config.stream().maxStreams();
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      metrics.streamRefused("max_streams");
      throw new ApiException(
          ErrorCode.QUEUE_FULL,
          "busy: " + max + " streams open (vigil.stream.max-streams); retry later");
    }
    LoadedModel model;
    try {
      model = models.use();
    } catch (ApiException e) {
      open.decrementAndGet();
      metrics.streamRefused("not_ready");
      throw e;
    }
    WorkBudget budget = model.budget();
    WorkBudget.Admitted held = null;
    if (budget != null) {
      double seconds = config.limits().requestTimeout().toMillis() / 1000.0;
      WorkBudget.Decision d = budget.tryAcquire(seconds);
      if (d instanceof WorkBudget.Admitted a) {
        held = a;
      } else {
        model.release();
        open.decrementAndGet();
        metrics.streamRefused("budget");
        throw new ApiException(
            ErrorCode.QUEUE_FULL,
            String.format(
                Locale.ROOT,
                "busy: a stream needs %.0f s of the %.0f s work budget"
                    + " (vigil.limits.max-audio-in-flight) and %.0f s are in flight; retry later",
                seconds,
                budget.budgetSeconds(),
                budget.inFlightSeconds()));
      }
    }
    metrics.streamOpen(1);
    return new Admission(model, held);
  }

  /** Gives back what {@link #admit} gave, once the stream's engine work is over. */
  void release(Admission a) {
    if (a.held() != null) {
      a.model().budget().release(a.held());
    }
    a.model().release();
    open.decrementAndGet();
    metrics.streamOpen(-1);
  }
}
