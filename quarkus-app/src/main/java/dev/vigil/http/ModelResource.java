package dev.vigil.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.model.ModelMetadata;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.file.InvalidPathException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/model}: what the loaded model is, with all of its {@code vigil.*} metadata; {@code
 * POST /v1/model/reload}: load it again from its file.
 */
@Path("/v1/model")
@Tag(name = "model")
public class ModelResource {

  private final ModelService models;

  /** CDI constructor. */
  @Inject
  public ModelResource(ModelService models) {
    this.models = models;
  }

  /** The loaded model's identity, threshold and metadata. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The loaded model",
      description =
          "The layout of 'vigil info --json': the model's identity, its contract version and every"
              + " vigil.* metadata key without the prefix (values parsed from their JSON), plus"
              + " 'serving': where it runs and the threshold this service labels at.")
  @APIResponse(
      responseCode = "200",
      description = "The model",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiSchemas.Model.class)))
  @APIResponse(
      responseCode = "503",
      description = "not_ready",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  public JsonNode model() {
    DetectionEngine engine = models.engine();
    return describe(engine.model(), engine.threshold());
  }

  /** Loads the configured model again and swaps it in (see {@link ModelService#reload()}). */
  @POST
  @Path("reload")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Reload the model",
      description =
          "Loads the configured model file again (vigil.model.path, or the bundled default model),"
              + " warms it up and sizes the admission budget as at start-up, then swaps it in;"
              + " requests admitted before finish on the model they started with. One reload at a"
              + " time. When the file is missing, unreadable, corrupt or breaks the model contract,"
              + " the reload is refused and the loaded model keeps serving. The answer is the new"
              + " model, as GET /v1/model describes it.")
  @APIResponse(
      responseCode = "200",
      description = "The model now serving",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiSchemas.Model.class)))
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: X-API-Key missing or wrong",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "409",
      description = "reload_in_progress: another load is running",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "422",
      description = "model_rejected: the file cannot be loaded; the loaded model keeps serving",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "503",
      description = "not_ready: shutting down",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApiError.class)))
  public JsonNode reload() {
    DetectionEngine engine = models.reload();
    return describe(engine.model(), engine.threshold());
  }

  /**
   * The JSON description of a model: the layout of {@code vigil info --json} (a {@code model}
   * object, {@code contract_version}, then every {@code vigil.*} key without its prefix, parsed),
   * plus a {@code serving} object with what this service does with it.
   */
  static ObjectNode describe(ModelInfo info, double threshold) {
    ModelMetadata meta = info.metadata();
    ObjectNode o = ModelFile.describe(meta, fileName(info.source()), info.fileBytes());
    ObjectNode serving = o.putObject("serving");
    serving.put("execution_provider", info.executionProvider());
    serving.put("fallback_reason", info.fallbackReason());
    serving.put("threshold", threshold);
    serving.put("operating_point", meta.thresholds().defaultPoint());
    return o;
  }

  /** Only the file name of a model path: the server's directory layout is nobody's business. */
  private static String fileName(String source) {
    try {
      java.nio.file.Path p = java.nio.file.Path.of(source).getFileName();
      return p == null ? source : p.toString();
    } catch (InvalidPathException e) {
      return source;
    }
  }
}
