package dev.vigil.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Shapes for the OpenAPI document only. The responses themselves are written by the runtime's
 * {@code VerdictJson} (the CLI's JSON lines schema) and {@link ModelResource}; a test checks that
 * the documented property names are exactly the ones a real response carries.
 */
public final class ApiSchemas {
  private ApiSchemas() {}

  /** The multipart form of {@code POST /v1/detect}. */
  @Schema(name = "UploadForm")
  public record UploadForm(
      @Schema(type = SchemaType.STRING, format = "binary", description = "The audio or video file")
          String file) {}

  /** A verdict, as the CLI writes one JSON line per file. */
  @Schema(
      name = "Verdict",
      description = "One file's verdict; score = P(spoof), higher = more synthetic")
  public record Verdict(
      @Schema(description = "Upload name: the multipart file name, else 'upload'") String path,
      @Schema(
              description = "Channel index when channels are scored apart, else null",
              nullable = true)
          Integer channel,
      @Schema(
              description = "spoof when score >= threshold",
              enumeration = {"bonafide", "spoof"})
          String label,
      @Schema(description = "File score, P(spoof) in [0, 1]") double score,
      @Schema(description = "The threshold the label was decided at") double threshold,
      @JsonProperty("duration_s") @Schema(description = "Decoded duration, seconds")
          double durationSeconds,
      @JsonProperty("n_segments") @Schema(description = "Windows scored") int segmentCount,
      @JsonProperty("n_silent_segments")
          @Schema(description = "Windows below the silence floor (left out of the score)")
          int silentSegmentCount,
      @JsonProperty("max_segment_score") @Schema(description = "Highest non-silent window score")
          double maxSegmentScore,
      @JsonProperty("expert_scores")
          @Schema(description = "Mean P(spoof) per expert, by expert name")
          Map<String, Double> expertScores,
      @JsonProperty("gate_weights") @Schema(description = "Mean gate weight per expert, by name")
          Map<String, Double> gateWeights,
      @Schema(description = "Source codec, e.g. pcm_s16le, flac, mp3") String codec,
      @Schema(description = "Source container, e.g. wav, flac, ogg") String container,
      @JsonProperty("sample_rate_hz") @Schema(description = "Source sample rate") int sampleRateHz,
      @Schema(description = "Source channel count") int channels,
      @JsonProperty("model_id") @Schema(description = "sha256: + 12 hex digits of the weights")
          String modelId,
      @JsonProperty("model_version") String modelVersion,
      @JsonProperty("processing_ms") @Schema(description = "Server time for this file")
          double processingMillis,
      @JsonProperty("timings_ms") Timings timings,
      @Schema(description = "e.g. partial_spoof_suspected") List<String> warnings,
      @Schema(description = "Always null in a 200 answer", nullable = true) String error,
      @JsonProperty("error_code")
          @Schema(description = "Always null in a 200 answer", nullable = true)
          String errorCode,
      @Schema(description = "Per-window timeline; only with segments=true")
          List<Segment> segments) {}

  /** Where the time went, milliseconds. */
  @Schema(name = "Timings")
  public record Timings(double decode, double features, double inference, double total) {}

  /** One scored window. */
  @Schema(name = "Segment")
  public record Segment(
      int index,
      @JsonProperty("start_s") double startSeconds,
      @JsonProperty("end_s") double endSeconds,
      double score,
      @JsonProperty("expert_scores") Map<String, Double> expertScores,
      @JsonProperty("gate_weights") Map<String, Double> gateWeights,
      @Schema(description = "Below the silence floor: scored, left out of the file score")
          boolean silent) {}

  /** {@code GET /v1/model}: the layout of {@code vigil info --json}, plus {@code serving}. */
  @Schema(name = "Model")
  public record Model(
      ModelIdentity model,
      @JsonProperty("contract_version") int contractVersion,
      Serving serving,
      @Schema(description = "vigil.features: the front ends, one model input each")
          List<Map<String, Object>> features,
      @Schema(description = "vigil.segment: rate, window, hop, minimum duration, silence floor")
          Map<String, Object> segment,
      @Schema(description = "vigil.experts, in output order") List<Map<String, Object>> experts,
      @Schema(description = "vigil.gate") Map<String, Object> gate,
      @Schema(description = "vigil.thresholds: named operating points and 'default'")
          Map<String, Object> thresholds,
      @Schema(description = "vigil.calibration (already applied inside the graph)")
          Map<String, Object> calibration,
      @Schema(description = "vigil.provenance: data, recipe, commit, date, licences")
          Map<String, Object> provenance,
      @Schema(description = "vigil.metrics: validation metrics") Map<String, Object> metrics,
      @Schema(description = "vigil.parity: export parity checks") Map<String, Object> parity) {}

  /** The model's identity. */
  @Schema(name = "ModelIdentity")
  public record ModelIdentity(
      @Schema(description = "sha256: + the first 12 hex digits of the weights' SHA-256") String id,
      @Schema(description = "provenance model_version, or unversioned") String version,
      @Schema(description = "The model file's name, or 'bundled default model'") String source,
      @JsonProperty("file_bytes") long fileBytes,
      @JsonProperty("weights_sha256") String weightsSha256) {}

  /** What the service does with the model. */
  @Schema(name = "Serving")
  public record Serving(
      @JsonProperty("execution_provider") @Schema(description = "cpu or cuda:N")
          String executionProvider,
      @JsonProperty("fallback_reason")
          @Schema(description = "Why device auto fell back to CPU", nullable = true)
          String fallbackReason,
      @Schema(description = "The threshold labels are decided at unless a request says otherwise")
          double threshold,
      @JsonProperty("operating_point") @Schema(description = "The model's default operating point")
          String operatingPoint) {}
}
