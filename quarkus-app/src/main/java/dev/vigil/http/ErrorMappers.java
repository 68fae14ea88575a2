package dev.vigil.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception into {@code {"error": CODE, "message": TEXT}}: never a stack trace in a
 * response. Unexpected failures are logged with an incident id that the response carries.
 */
public final class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  private final VigilConfig config;

  /** CDI constructor. */
  @Inject
  public ErrorMappers(VigilConfig config) {
    this.config = config;
  }

  /** Errors the service raised itself. */
  @ServerExceptionMapper
  public Response api(ApiException e) {
    return response(e.code(), e.getMessage(), config.limits().retryAfterSeconds());
  }

  /** Errors raised by the REST layer: unknown paths, wrong methods, unreadable bodies. */
  @ServerExceptionMapper
  public Response web(WebApplicationException e, ContainerRequestContext request) {
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    String what = request.getMethod() + " /" + stripSlash(request.getUriInfo().getPath());
    return switch (status) {
      case 400 -> response(ErrorCode.BAD_REQUEST, what + ": bad request", 0);
      case 401 -> response(ErrorCode.UNAUTHORIZED, what + ": missing or wrong X-API-Key", 0);
      case 404 -> response(ErrorCode.NOT_FOUND, what + ": no such endpoint", 0);
      case 405 -> response(ErrorCode.METHOD_NOT_ALLOWED, what + ": method not allowed", 0);
      case 413 ->
          response(
              ErrorCode.BODY_TOO_LARGE,
              what
                  + ": body larger than vigil.limits.max-body-size ("
                  + config.limits().maxBodySize().asLongValue()
                  + " bytes)",
              0);
      case 415 ->
          response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, what + ": unsupported Content-Type", 0);
      default -> status >= 500 ? internal(e) : generic(status, what);
    };
  }

  /** Anything else: logged with an incident id, answered with 500 and that id only. */
  @ServerExceptionMapper
  public Response any(Throwable t) {
    return internal(t);
  }

  private Response internal(Throwable t) {
    String incident = UUID.randomUUID().toString();
    LOG.errorf(t, "internal error, incident %s", incident);
    return response(
        ErrorCode.INTERNAL, "internal error (incident " + incident + "; see the server log)", 0);
  }

  private static Response generic(int status, String what) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(ErrorCode.BAD_REQUEST.wireName(), what + ": HTTP " + status))
        .build();
  }

  /**
   * The error response for a code.
   *
   * @param retryAfterSeconds sent as {@code Retry-After} with 503 answers when positive
   */
  static Response response(ErrorCode code, String message, int retryAfterSeconds) {
    Response.ResponseBuilder b =
        Response.status(code.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ApiError(code.wireName(), message));
    if (code.status() == 503 && retryAfterSeconds > 0) {
      b.header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    return b.build();
  }

  private static String stripSlash(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
