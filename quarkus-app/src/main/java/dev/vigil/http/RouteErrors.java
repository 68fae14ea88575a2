package dev.vigil.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Error answers written by Vert.x route handlers that run before the JAX-RS resource ({@link
 * RequestGuard}, {@link BodyIntake}): the same {@code {"error", "message"}} body as {@link
 * ErrorMappers}.
 */
final class RouteErrors {
  private RouteErrors() {}

  /**
   * Ends the response with the error.
   *
   * @param close whether to tell the client that the connection closes after this answer (the
   *     request's body is not read to its end)
   * @param retryAfterSeconds sent as {@code Retry-After} with a 503 when positive
   * @return completes when the answer is written
   */
  static Future<Void> send(
      RoutingContext rc,
      ObjectMapper json,
      ErrorCode code,
      String message,
      boolean close,
      int retryAfterSeconds) {
    String body;
    try {
      body = json.writeValueAsString(new ApiError(code.wireName(), message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error body", e);
    }
    HttpServerResponse response =
        rc.response()
            .setStatusCode(code.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (code.status() == 503 && retryAfterSeconds > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    return response.end(body);
  }
}
