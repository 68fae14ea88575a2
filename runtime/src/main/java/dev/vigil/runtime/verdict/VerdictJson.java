package dev.vigil.runtime.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The one JSON form of a file result, shared by the CLI's JSON lines and the HTTP service
 * (documented field by field in {@code docs/output-schema.md}). Field names are snake_case; every
 * score is P(spoof) in [0, 1], higher = more synthetic; times are seconds ({@code _s}) or
 * milliseconds ({@code _ms}). A result is either a verdict ({@code error} null) or a failure
 * ({@code label}, {@code score} and the other measurements null, {@code error} a one-line message
 * and {@code error_code} a stable lower-case code). Fields that are unknown are written as {@code
 * null}, never omitted, except {@code segments}, which appears only when asked for.
 */
public final class VerdictJson {

  /** Version of this schema; bumped when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  /** The input's path or upload name. */
  public static final String PATH = "path";

  /** The channel index when channels are scored apart, else null. */
  public static final String CHANNEL = "channel";

  /** {@code bonafide} or {@code spoof}. */
  public static final String LABEL = "label";

  /** The file score, P(spoof). */
  public static final String SCORE = "score";

  /** The threshold the label was decided at. */
  public static final String THRESHOLD = "threshold";

  /** Duration of the decoded audio, seconds. */
  public static final String DURATION_S = "duration_s";

  /** Number of scored windows, silent ones included. */
  public static final String N_SEGMENTS = "n_segments";

  /** Number of windows below the silence floor. */
  public static final String N_SILENT_SEGMENTS = "n_silent_segments";

  /** The highest non-silent segment score. */
  public static final String MAX_SEGMENT_SCORE = "max_segment_score";

  /** Object: expert name to its mean P(spoof) over the non-silent segments. */
  public static final String EXPERT_SCORES = "expert_scores";

  /** Object: expert name to its mean gate weight over the non-silent segments. */
  public static final String GATE_WEIGHTS = "gate_weights";

  /** Source codec. */
  public static final String CODEC = "codec";

  /** Source container. */
  public static final String CONTAINER = "container";

  /** Source sample rate, Hz. */
  public static final String SAMPLE_RATE_HZ = "sample_rate_hz";

  /** Source channel count. */
  public static final String CHANNELS = "channels";

  /** {@code sha256:} + the first 12 hex characters of the model's weights hash. */
  public static final String MODEL_ID = "model_id";

  /** The model's version, or {@code unversioned}. */
  public static final String MODEL_VERSION = "model_version";

  /** Wall-clock milliseconds from the start of decoding to the result. */
  public static final String PROCESSING_MS = "processing_ms";

  /** Object of per-stage milliseconds: decode, features, inference, total. */
  public static final String TIMINGS_MS = "timings_ms";

  /** Array of machine-readable warnings. */
  public static final String WARNINGS = "warnings";

  /** One-line error message naming the input and the problem, or null. */
  public static final String ERROR = "error";

  /** Stable error code (e.g. {@code too_short}), or null. */
  public static final String ERROR_CODE = "error_code";

  /** Array of windows, present only when asked for. */
  public static final String SEGMENTS = "segments";

  /** In a stream's lines: what the line is, {@value #WINDOW_EVENT} or {@value #RESULT_EVENT}. */
  public static final String EVENT = "event";

  /** {@link #EVENT} of a window's line. */
  public static final String WINDOW_EVENT = "window";

  /** {@link #EVENT} of a stream's last line, its result. */
  public static final String RESULT_EVENT = "result";

  /**
   * The file's size in bytes when it was scanned: added by the file scans ({@code vigil scan},
   * where it keys {@code --resume}, and {@code vigil-spark}), not by {@link #verdict}.
   */
  public static final String FILE_SIZE_BYTES = "file_size_bytes";

  /** The file's modification time in ms since the epoch, added with {@link #FILE_SIZE_BYTES}. */
  public static final String FILE_MTIME_MS = "file_mtime_ms";

  /** Error code of failures that are not the input's fault. */
  public static final String INTERNAL_ERROR = "internal";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VerdictJson() {}

  /** A shared, configured mapper (thread-safe for reading and writing). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The JSON of a verdict.
   *
   * @param v the verdict
   * @param modelId the model id ({@code sha256:...})
   * @param modelVersion the model version
   * @param withSegments add the {@code segments} timeline
   */
  public static ObjectNode verdict(
      FileVerdict v, String modelId, String modelVersion, boolean withSegments) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put(PATH, v.source());
    if (v.channel() >= 0) {
      o.put(CHANNEL, v.channel());
    } else {
      o.putNull(CHANNEL);
    }
    o.put(LABEL, v.label().wireName());
    putNumber(o, SCORE, v.score());
    putNumber(o, THRESHOLD, v.threshold());
    putNumber(o, DURATION_S, v.durationSeconds());
    o.put(N_SEGMENTS, v.segments().size());
    o.put(N_SILENT_SEGMENTS, v.segments().stream().filter(SegmentVerdict::silent).count());
    putNumber(o, MAX_SEGMENT_SCORE, v.maxSegmentScore());
    o.set(EXPERT_SCORES, byName(v.expertNames(), v.expertScores()));
    o.set(GATE_WEIGHTS, byName(v.expertNames(), v.gateWeights()));
    putAudio(o, v.audio());
    o.put(MODEL_ID, modelId);
    o.put(MODEL_VERSION, modelVersion);
    FileVerdict.Timings t = v.timings();
    if (t != null) {
      putNumber(o, PROCESSING_MS, t.totalMillis());
      ObjectNode tm = o.putObject(TIMINGS_MS);
      putNumber(tm, "decode", t.decodeMillis());
      putNumber(tm, "features", t.featuresMillis());
      putNumber(tm, "inference", t.inferenceMillis());
      putNumber(tm, "total", t.totalMillis());
    } else {
      o.putNull(PROCESSING_MS);
      o.putNull(TIMINGS_MS);
    }
    ArrayNode w = o.putArray(WARNINGS);
    v.warnings().forEach(w::add);
    o.putNull(ERROR);
    o.putNull(ERROR_CODE);
    if (withSegments) {
      ArrayNode segs = o.putArray(SEGMENTS);
      for (SegmentVerdict s : v.segments()) {
        putSegment(segs.addObject(), s, v.expertNames(), null, Double.NaN);
      }
    }
    return o;
  }

  /**
   * The JSON of one window of a stream, as {@code vigil listen} prints it (and a stream endpoint
   * sends it): {@code event} ({@value #WINDOW_EVENT}), {@code path}, {@code channel}, then the
   * fields of a {@code segments[]} entry with {@code label} and {@code threshold} after {@code
   * score}.
   *
   * @param expertNames the model's experts, in output order
   */
  public static ObjectNode window(WindowVerdict w, List<String> expertNames) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put(EVENT, WINDOW_EVENT);
    o.put(PATH, w.source());
    if (w.channel() >= 0) {
      o.put(CHANNEL, w.channel());
    } else {
      o.putNull(CHANNEL);
    }
    return putSegment(o, w.segment(), expertNames, w.label(), w.threshold());
  }

  /**
   * A stream's last line: {@code event} ({@value #RESULT_EVENT}) first, then the fields of {@code
   * result} (a {@link #verdict} or a {@link #failure}).
   */
  public static ObjectNode result(ObjectNode result) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put(EVENT, RESULT_EVENT);
    o.setAll(result);
    return o;
  }

  /** A window's fields; {@code label} and {@code threshold} only when the label is given. */
  private static ObjectNode putSegment(
      ObjectNode so, SegmentVerdict s, List<String> expertNames, Label label, double threshold) {
    so.put("index", s.index());
    putNumber(so, "start_s", s.startSeconds());
    putNumber(so, "end_s", s.endSeconds());
    putNumber(so, SCORE, s.score());
    if (label != null) {
      so.put(LABEL, label.wireName());
      putNumber(so, THRESHOLD, threshold);
    }
    so.set(EXPERT_SCORES, byName(expertNames, s.expertScores()));
    so.set(GATE_WEIGHTS, byName(expertNames, s.gateWeights()));
    so.put("silent", s.silent());
    return so;
  }

  /**
   * The JSON of a failed input.
   *
   * @param path the input's path or upload name
   * @param errorCode a stable lower-case code, see {@link #errorCode}
   * @param message one line naming the input and the problem
   * @param threshold the threshold that would have been used, or NaN
   * @param audio the source format when it was read before the failure, else null
   * @param modelId the model id
   * @param modelVersion the model version
   * @param processingMillis time spent before the failure, or NaN
   */
  public static ObjectNode failure(
      String path,
      String errorCode,
      String message,
      double threshold,
      AudioInfo audio,
      String modelId,
      String modelVersion,
      double processingMillis) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put(PATH, path);
    o.putNull(CHANNEL);
    o.putNull(LABEL);
    o.putNull(SCORE);
    putNumber(o, THRESHOLD, threshold);
    o.putNull(DURATION_S);
    o.putNull(N_SEGMENTS);
    o.putNull(N_SILENT_SEGMENTS);
    o.putNull(MAX_SEGMENT_SCORE);
    o.putNull(EXPERT_SCORES);
    o.putNull(GATE_WEIGHTS);
    putAudio(o, audio);
    o.put(MODEL_ID, modelId);
    o.put(MODEL_VERSION, modelVersion);
    putNumber(o, PROCESSING_MS, processingMillis);
    o.putNull(TIMINGS_MS);
    o.putArray(WARNINGS);
    o.put(ERROR, oneLine(message));
    o.put(ERROR_CODE, errorCode);
    return o;
  }

  /** {@link #failure} for bad input: the code is the problem's name in lower case. */
  public static ObjectNode failure(
      AudioInputException e,
      double threshold,
      String modelId,
      String modelVersion,
      double processingMillis) {
    return failure(
        e.source(),
        errorCode(e.problem()),
        e.getMessage(),
        threshold,
        null,
        modelId,
        modelVersion,
        processingMillis);
  }

  /**
   * {@link #failure} of whatever an input failed with: bad input keeps its problem's code and its
   * message; anything else is {@value #INTERNAL_ERROR}, its message prefixed with the path.
   */
  public static ObjectNode failure(
      String path,
      Throwable error,
      double threshold,
      String modelId,
      String modelVersion,
      double processingMillis) {
    if (error instanceof AudioInputException a) {
      return failure(
          path,
          errorCode(a.problem()),
          a.getMessage(),
          threshold,
          null,
          modelId,
          modelVersion,
          processingMillis);
    }
    String m = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return failure(
        path,
        INTERNAL_ERROR,
        path + ": " + m,
        threshold,
        null,
        modelId,
        modelVersion,
        processingMillis);
  }

  /** The error code of a problem: its name in lower case, e.g. {@code too_short}. */
  public static String errorCode(AudioInputException.Problem problem) {
    return problem.name().toLowerCase(Locale.ROOT);
  }

  /** The node as one compact line of JSON (no trailing newline). */
  public static String toLine(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putAudio(ObjectNode o, AudioInfo a) {
    if (a == null) {
      o.putNull(CODEC);
      o.putNull(CONTAINER);
      o.putNull(SAMPLE_RATE_HZ);
      o.putNull(CHANNELS);
    } else {
      o.put(CODEC, a.codec());
      o.put(CONTAINER, a.container());
      o.put(SAMPLE_RATE_HZ, a.sampleRate());
      o.put(CHANNELS, a.channels());
    }
  }

  private static ObjectNode byName(List<String> names, List<Double> values) {
    ObjectNode o = MAPPER.createObjectNode();
    int n = Math.min(names.size(), values.size());
    for (int i = 0; i < n; i++) {
      putNumber(o, names.get(i), values.get(i));
    }
    return o;
  }

  /** Puts {@code v}, or null when it is not finite (NaN: not measured). */
  public static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  private static String oneLine(String s) {
    if (s == null || s.isBlank()) {
      return "unknown error";
    }
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
