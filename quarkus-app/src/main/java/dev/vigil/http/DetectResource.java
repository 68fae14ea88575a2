package dev.vigil.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** {@code POST /v1/detect}: scores one uploaded audio or video file. */
@Path("/v1/detect")
@Tag(name = "detection")
public class DetectResource {
  private static final Logger LOG = Logger.getLogger(DetectResource.class);

  private final ModelService models;
  private final VigilConfig config;
  private final ServiceMetrics metrics;

  /** CDI constructor. */
  @Inject
  public DetectResource(ModelService models, VigilConfig config, ServiceMetrics metrics) {
    this.models = models;
    this.config = config;
    this.metrics = metrics;
  }

  /** Scores the audio in the body (raw, or the multipart field {@code file}). */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Score one audio or video file",
      description =
          "The body is the file itself (Content-Type application/octet-stream, audio/* or video/*)"
              + " or a multipart/form-data form whose field 'file' holds it. The format is sniffed"
              + " from the bytes. The answer is the same JSON object the CLI writes per file"
              + " (JSON lines): score = P(spoof), higher = more synthetic.")
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "audio/*",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "video/*",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = ApiSchemas.UploadForm.class))
      })
  @APIResponse(
      responseCode = "200",
      description = "The verdict",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiSchemas.Verdict.class)))
  @APIResponse(
      responseCode = "400",
      description = "bad_request, empty, undecodable",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: X-API-Key missing or wrong",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "413",
      description = "body_too_large",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "415",
      description = "unsupported_media_type (Content-Type) or unsupported_format (audio)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "422",
      description = "too_short, too_long, silence",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "503",
      description = "queue_full or not_ready; see Retry-After",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "504",
      description = "deadline_exceeded",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  public Uni<Response> detect(
      @jakarta.ws.rs.core.Context RoutingContext rc,
      @Parameter(description = "Label at this threshold on P(spoof), in [0, 1]")
          @QueryParam("threshold")
          String threshold,
      @Parameter(
              description = "Label at this named operating point of the model (eer, fpr_1pct, ...)")
          @QueryParam("operating_point")
          String operatingPoint,
      @Parameter(description = "true: add the per-window timeline 'segments'")
          @QueryParam("segments")
          String segments) {
    long t0 = System.nanoTime();
    CompletableFuture<List<FileVerdict>> future;
    DetectionEngine engine;
    double thr;
    boolean withSegments;
    LoadedModel loaded;
    try {
      loaded = models.use(); // a reload does not close it before this request is done
    } catch (ApiException e) {
      return Uni.createFrom().item(answer(e, t0));
    }
    boolean handedOver = false;
    try {
      engine = loaded.engine();
      thr = threshold(engine, threshold, operatingPoint);
      withSegments = flag("segments", segments);
      Upload upload = rc.get(BodyIntake.UPLOAD);
      if (upload == null) {
        throw new ApiException(
            ErrorCode.INTERNAL, "POST /v1/detect: the body was not read (no BodyIntake route)");
      }
      AudioSource source = upload.source();
      WorkBudget budget = loaded.budget();
      Admission early = rc.get(BodyIntake.ADMISSION);
      if (budget == null && early != null) {
        early.release();
      }
      Admission held = budget == null ? null : admit(budget, early, source, upload.size());
      Optional<CompletableFuture<List<FileVerdict>>> admitted = engine.trySubmit(source);
      if (admitted.isEmpty()) {
        if (held != null) {
          held.release();
        }
        throw new ApiException(
            ErrorCode.QUEUE_FULL,
            "busy: "
                + config.engine().maxInFlight()
                + " requests in flight (vigil.engine.max-in-flight); retry later");
      }
      future = admitted.get();
      upload.retain(); // the engine reads the upload until its future completes
      future.whenComplete((v, t) -> upload.release());
      if (held != null) {
        future.whenComplete((v, t) -> held.release());
      }
      future.whenComplete((v, t) -> loaded.release());
      handedOver = true;
    } catch (ApiException e) {
      return Uni.createFrom().item(answer(e, t0));
    } catch (IllegalStateException e) {
      return Uni.createFrom()
          .item(
              answer(
                  new ApiException(ErrorCode.NOT_READY, "model not ready: " + e.getMessage()), t0));
    } finally {
      if (!handedOver) {
        loaded.release();
      }
    }
    Context context = Vertx.currentContext();
    Executor onRequestThread =
        context == null ? Runnable::run : r -> context.runOnContext(v -> r.run());
    ModelInfo model = engine.model();
    double engineThreshold = engine.threshold();
    CompletableFuture<List<FileVerdict>> watched = future;
    return Uni.createFrom()
        .completionStage(future)
        .ifNoItem()
        .after(config.limits().requestTimeout())
        .failWith(
            () -> {
              watched.cancel(true);
              return new ApiException(
                  ErrorCode.DEADLINE_EXCEEDED,
                  "not scored within "
                      + config.limits().requestTimeout().toMillis()
                      + " ms (vigil.limits.request-timeout)");
            })
        .emitOn(onRequestThread)
        .map(
            verdicts -> {
              JsonNode json = json(verdicts, thr, engineThreshold, model, withSegments);
              metrics.request("ok", System.nanoTime() - t0);
              return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
            })
        .onFailure()
        .recoverWithItem(t -> answer(apiException(t), t0))
        // the client closed the connection before the answer: Quarkus REST cancels this Uni, and
        // cancelling it cancels `future` (completionStage does), which stops the engine's work on
        // it and gives back its budget (ClientDisconnectTest)
        .onCancellation()
        .invoke(() -> metrics.request("client_closed", System.nanoTime() - t0));
  }

  /**
   * Holds the upload's audio seconds in the budget: what {@link BodyIntake} held from its first
   * bytes when it could, else its header's duration, else its size at 32 kbit/s (which most
   * compressed speech exceeds, so the guess errs long); or refuses it ({@link Admission#admit}).
   */
  private Admission admit(WorkBudget budget, Admission early, AudioSource source, long bytes) {
    if (early != null && early.in(budget)) {
      return early;
    }
    if (early != null) {
      early.release(); // held in the budget of a model that has since been replaced
    }
    double seconds = AudioDecoders.headerSeconds(source, DecodeOptions.defaults());
    if (!(seconds >= 0)) {
      seconds = bytes / 4000.0;
    }
    return Admission.admit(budget, seconds, source.name(), config);
  }

  private static JsonNode json(
      List<FileVerdict> verdicts,
      double threshold,
      double engineThreshold,
      ModelInfo model,
      boolean withSegments) {
    if (verdicts.size() == 1) {
      return VerdictJson.verdict(
          relabel(verdicts.get(0), threshold, engineThreshold),
          model.id(),
          model.version(),
          withSegments);
    }
    ArrayNode all = VerdictJson.mapper().createArrayNode();
    for (FileVerdict v : verdicts) {
      all.add(
          VerdictJson.verdict(
              relabel(v, threshold, engineThreshold), model.id(), model.version(), withSegments));
    }
    return all;
  }

  private static FileVerdict relabel(FileVerdict v, double threshold, double engineThreshold) {
    return threshold == engineThreshold ? v : Detector.relabel(v, threshold);
  }

  private Response answer(ApiException e, long t0) {
    metrics.request(e.code().wireName(), System.nanoTime() - t0);
    int retryAfter =
        e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() : config.limits().retryAfterSeconds();
    return ErrorMappers.response(e.code(), e.getMessage(), retryAfter);
  }

  /** Maps what the engine's future failed with to the API's errors. */
  static ApiException apiException(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ApiException api) {
      return api;
    }
    if (c instanceof AudioInputException aie) {
      return new ApiException(ErrorCode.of(aie.problem()), aie.getMessage());
    }
    if (c instanceof CancellationException) {
      return new ApiException(
          ErrorCode.DEADLINE_EXCEEDED, "request cancelled before it was scored");
    }
    if (c instanceof IllegalStateException) {
      return new ApiException(ErrorCode.NOT_READY, "model not ready: " + c.getMessage());
    }
    String incident = java.util.UUID.randomUUID().toString();
    LOG.errorf(c, "internal error, incident %s", incident);
    return new ApiException(
        ErrorCode.INTERNAL, "internal error (incident " + incident + "; see the server log)");
  }

  /**
   * The threshold to label at: the query's, else the named operating point's, else the engine's.
   */
  static double threshold(DetectionEngine engine, String threshold, String operatingPoint) {
    boolean hasThreshold = threshold != null && !threshold.isBlank();
    boolean hasPoint = operatingPoint != null && !operatingPoint.isBlank();
    if (hasThreshold && hasPoint) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "give threshold or operating_point, not both");
    }
    if (!hasThreshold && !hasPoint) {
      return engine.threshold();
    }
    Double t = null;
    if (hasThreshold) {
      try {
        t = Double.valueOf(threshold.strip());
      } catch (NumberFormatException e) {
        t = Double.NaN;
      }
      if (!(t >= 0 && t <= 1)) {
        throw new ApiException(
            ErrorCode.BAD_REQUEST, "threshold must be a number in [0, 1], got '" + threshold + "'");
      }
    }
    try {
      return engine
          .model()
          .metadata()
          .thresholds()
          .resolve(t, hasPoint ? operatingPoint.strip() : null);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "operating_point: " + e.getMessage());
    }
  }

  static boolean flag(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new ApiException(
              ErrorCode.BAD_REQUEST, name + " must be true or false, got '" + value + "'");
    };
  }
}
