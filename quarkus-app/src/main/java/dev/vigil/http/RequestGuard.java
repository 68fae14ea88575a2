package dev.vigil.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks {@code /v1/*} requests before their body is read: the API key (when one is configured) and
 * a declared {@code Content-Length} above {@code vigil.limits.max-body-size}. Rejecting here means
 * a 50 MB upload with a wrong key is never buffered.
 */
@ApplicationScoped
public class RequestGuard {
  /** The request header that carries the API key. */
  public static final String API_KEY_HEADER = "X-API-Key";

  private final VigilConfig config;
  private final ObjectMapper json;
  private final Optional<byte[]> apiKey;
  private final ServiceMetrics metrics;

  /** CDI constructor. */
  @Inject
  public RequestGuard(VigilConfig config, ObjectMapper json, ServiceMetrics metrics) {
    this.config = config;
    this.json = json;
    this.metrics = metrics;
    this.apiKey =
        config.apiKey().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
  }

  void install(@Observes Router router) {
    router.route("/v1/*").order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (apiKey.isPresent() && !keyMatches(request.getHeader(API_KEY_HEADER))) {
      reject(
          rc,
          ErrorCode.UNAUTHORIZED,
          request.getHeader(API_KEY_HEADER) == null
              ? "missing " + API_KEY_HEADER + " header"
              : "wrong " + API_KEY_HEADER);
      return;
    }
    long limit = config.limits().maxBodySize().asLongValue();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        reject(rc, ErrorCode.BAD_REQUEST, "Content-Length is not a number: " + length);
        return;
      }
      if (declared > limit) {
        reject(
            rc,
            ErrorCode.BODY_TOO_LARGE,
            "body of "
                + declared
                + " bytes is larger than vigil.limits.max-body-size ("
                + limit
                + " bytes)");
        return;
      }
    }
    rc.next();
  }

  private boolean keyMatches(String given) {
    return given != null
        && MessageDigest.isEqual(apiKey.orElseThrow(), given.getBytes(StandardCharsets.UTF_8));
  }

  private void reject(RoutingContext rc, ErrorCode code, String message) {
    HttpServerRequest request = rc.request();
    // when a body was announced it is not read: do not leave it in the connection for the next
    // request
    boolean close =
        request.getHeader(HttpHeaders.CONTENT_LENGTH) != null
            || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    if (request.method() == HttpMethod.POST && "/v1/detect".equals(request.path())) {
      metrics.request(code.wireName(), 0); // refused before any work: no latency to speak of
    }
    if (!close || request.version() == HttpVersion.HTTP_2) {
      RouteErrors.send(rc, json, code, message, close, 0);
      return;
    }
    // as announced, the connection closes: once the client has sent its body (read and dropped,
    // so that a client that writes the whole body before reading sees the answer) or after a
    // moment, whichever comes first
    Lingering linger = new Lingering(rc);
    if (request.isEnded()) {
      linger.bodyDone();
    } else {
      request.handler(b -> {});
      request.endHandler(v -> linger.bodyDone());
      request.resume();
    }
    RouteErrors.send(rc, json, code, message, true, 0).onComplete(ar -> linger.answered());
  }

  /**
   * Closes a refused request's connection once its answer is out and its body in, or on a timer.
   */
  private static final class Lingering {
    private final RoutingContext rc;
    private final long timer;
    private boolean answered;
    private boolean bodyDone;
    private boolean closed;

    Lingering(RoutingContext rc) {
      this.rc = rc;
      this.timer = rc.vertx().setTimer(BodyIntake.LINGER_MILLIS, id -> close());
    }

    void answered() {
      answered = true;
      if (bodyDone) {
        close();
      }
    }

    void bodyDone() {
      bodyDone = true;
      if (answered) {
        close();
      }
    }

    private void close() {
      if (!closed) {
        closed = true;
        rc.vertx().cancelTimer(timer);
        rc.request().connection().close();
      }
    }
  }
}
