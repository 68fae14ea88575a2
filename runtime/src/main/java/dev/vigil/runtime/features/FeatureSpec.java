package dev.vigil.runtime.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Objects;

/**
 * Every parameter of one spectrogram front end. Serialised with snake_case keys ({@link #toJson()},
 * {@link #fromJson(String)}; Jackson reads and writes the same form through the annotations), so a
 * model file can carry its front ends in full. The compact constructor rejects combinations the
 * extractor cannot compute, with a one-line message naming the valid values.
 *
 * @param name the model input this front end feeds, e.g. {@code "logmel"}
 * @param kind {@code "logmel"} (mel filterbank over the power/magnitude spectrum) or {@code
 *     "loglinear"} (the linear-frequency bins themselves)
 * @param sampleRate sample rate in Hz of the samples handed to the extractor
 * @param windowSamples samples per analysis window (one feature map per window)
 * @param nFft FFT length, a power of two
 * @param winLength length of the window function, zero-padded centrally to {@code nFft}
 * @param window window function, periodic: {@code "hamming"} (0.54 − 0.46·cos) or {@code "hann"}
 * @param hopLength frame hop in samples
 * @param center whether the signal is padded by {@code nFft / 2} on both sides before framing
 * @param padMode padding used when {@code center}: {@code "reflect"} (mirror without repeating the
 *     edge sample)
 * @param preEmphasis pre-emphasis coefficient a in y[n] = x[n] − a·x[n−1], with x[−1] = x[1]
 *     (reflect); 0 = none
 * @param power exponent applied to |X|: 2 = power spectrum, 1 = magnitude
 * @param nMels number of mel bands for {@code logmel}; 0 for {@code loglinear}
 * @param fMin lowest mel filter edge in Hz ({@code logmel} only)
 * @param fMax highest mel filter edge in Hz ({@code logmel} only)
 * @param melScale {@code "htk"} (2595·log10(1 + f/700)) for {@code logmel}; {@code "none"} or
 *     {@code "htk"} (ignored) for {@code loglinear}
 * @param logOffset added before the natural logarithm: ln(x + logOffset)
 * @param normalization {@code "mean_subtract"} (per-bin mean over time removed) or {@code "minmax"}
 *     (the whole map scaled to [−1, 1])
 */
@JsonPropertyOrder({
  "name",
  "kind",
  "sample_rate",
  "window_samples",
  "n_fft",
  "win_length",
  "window",
  "hop_length",
  "center",
  "pad_mode",
  "pre_emphasis",
  "power",
  "n_mels",
  "f_min",
  "f_max",
  "mel_scale",
  "log_offset",
  "normalization"
})
public record FeatureSpec(
    @JsonProperty("name") String name,
    @JsonProperty("kind") String kind,
    @JsonProperty("sample_rate") int sampleRate,
    @JsonProperty("window_samples") int windowSamples,
    @JsonProperty("n_fft") int nFft,
    @JsonProperty("win_length") int winLength,
    @JsonProperty("window") String window,
    @JsonProperty("hop_length") int hopLength,
    @JsonProperty("center") boolean center,
    @JsonProperty("pad_mode") String padMode,
    @JsonProperty("pre_emphasis") double preEmphasis,
    @JsonProperty("power") double power,
    @JsonProperty("n_mels") int nMels,
    @JsonProperty("f_min") double fMin,
    @JsonProperty("f_max") double fMax,
    @JsonProperty("mel_scale") String melScale,
    @JsonProperty("log_offset") double logOffset,
    @JsonProperty("normalization") String normalization) {

  /** Kind of a mel-filterbank front end. */
  public static final String KIND_LOGMEL = "logmel";

  /** Kind of a linear-frequency front end. */
  public static final String KIND_LOGLINEAR = "loglinear";

  private static final List<String> KINDS = List.of(KIND_LOGMEL, KIND_LOGLINEAR);
  private static final List<String> WINDOWS = List.of("hamming", "hann");
  private static final List<String> PAD_MODES = List.of("reflect");
  private static final List<String> NORMALIZATIONS = List.of("mean_subtract", "minmax");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Validates every parameter; see the record description for the valid values. */
  public FeatureSpec {
    require(name != null && !name.isBlank(), "name must be a non-empty string");
    requireOneOf("kind", kind, KINDS);
    require(sampleRate > 0, "sample_rate must be > 0, got " + sampleRate);
    require(windowSamples > 0, "window_samples must be > 0, got " + windowSamples);
    require(
        nFft >= 2 && Integer.bitCount(nFft) == 1, "n_fft must be a power of two >= 2, got " + nFft);
    require(
        winLength > 0 && winLength <= nFft,
        "win_length must be in [1, n_fft=" + nFft + "], got " + winLength);
    requireOneOf("window", window, WINDOWS);
    require(hopLength > 0, "hop_length must be > 0, got " + hopLength);
    requireOneOf("pad_mode", padMode, PAD_MODES);
    if (center) {
      require(
          windowSamples > nFft / 2,
          "window_samples must exceed n_fft/2=" + nFft / 2 + " for reflect padding");
    } else {
      require(windowSamples >= nFft, "window_samples must be >= n_fft=" + nFft + " without center");
    }
    require(
        Double.isFinite(preEmphasis) && preEmphasis >= 0 && preEmphasis < 1,
        "pre_emphasis must be in [0, 1), got " + preEmphasis);
    require(windowSamples >= 2 || preEmphasis == 0, "pre_emphasis needs window_samples >= 2");
    require(Double.isFinite(power) && power > 0, "power must be > 0 (2 or 1), got " + power);
    require(
        Double.isFinite(logOffset) && logOffset > 0, "log_offset must be > 0, got " + logOffset);
    requireOneOf("normalization", normalization, NORMALIZATIONS);
    if (KIND_LOGMEL.equals(kind)) {
      require(nMels > 0, "n_mels must be > 0 for kind logmel, got " + nMels);
      requireOneOf("mel_scale", melScale, List.of("htk"));
      require(
          Double.isFinite(fMin)
              && Double.isFinite(fMax)
              && fMin >= 0
              && fMin < fMax
              && fMax <= sampleRate / 2.0,
          "f_min and f_max must satisfy 0 <= f_min < f_max <= sample_rate/2="
              + sampleRate / 2.0
              + ", got "
              + fMin
              + " and "
              + fMax);
    } else {
      require(nMels == 0, "n_mels must be 0 for kind loglinear, got " + nMels);
      requireOneOf("mel_scale", melScale, List.of("none", "htk"));
      require(Double.isFinite(fMin) && Double.isFinite(fMax), "f_min and f_max must be finite");
    }
  }

  /**
   * The log-mel front end of decisions.md (reference §1.3): pre-emphasis 0.97, n_fft 512, 400-point
   * periodic Hamming, hop 160, centre/reflect, power, 80 HTK bands 20–7600 Hz, ln(x + 1e-6),
   * per-band mean subtraction. Shape [80, 301].
   */
  public static FeatureSpec logmel() {
    return new FeatureSpec(
        "logmel",
        KIND_LOGMEL,
        16000,
        48000,
        512,
        400,
        "hamming",
        160,
        true,
        "reflect",
        0.97,
        2.0,
        80,
        20.0,
        7600.0,
        "htk",
        1e-6,
        "mean_subtract");
  }

  /**
   * The log-linear front end of decisions.md: no pre-emphasis, n_fft 512, 512-point periodic Hann,
   * hop 160, centre/reflect, ln(|X| + 1e-3), min-max scaled to [−1, 1]. Shape [257, 301].
   */
  public static FeatureSpec loglinear() {
    return new FeatureSpec(
        "loglinear",
        KIND_LOGLINEAR,
        16000,
        48000,
        512,
        512,
        "hann",
        160,
        true,
        "reflect",
        0.0,
        1.0,
        0,
        0.0,
        8000.0,
        "none",
        1e-3,
        "minmax");
  }

  /** Whether this front end applies a mel filterbank. */
  @JsonIgnore
  public boolean isMel() {
    return KIND_LOGMEL.equals(kind);
  }

  /** F, the number of feature rows: {@code nMels} for logmel, {@code nFft / 2 + 1} otherwise. */
  public int bins() {
    return isMel() ? nMels : nFft / 2 + 1;
  }

  /**
   * T, the number of frames of one window: {@code 1 + windowSamples / hopLength} with {@code
   * center} (301 for the defaults), else {@code 1 + (windowSamples − nFft) / hopLength}.
   */
  public int frames() {
    return center ? 1 + windowSamples / hopLength : 1 + (windowSamples - nFft) / hopLength;
  }

  /** F · T, the floats one window's features occupy. */
  public int featureSize() {
    return bins() * frames();
  }

  /** This spec as one JSON object with snake_case keys, in declaration order. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise feature spec " + name, e);
    }
  }

  /**
   * Parses the {@link #toJson()} form.
   *
   * @throws IllegalArgumentException naming the problem when the JSON is malformed, lacks a key,
   *     has an unknown key, or holds an invalid value
   */
  public static FeatureSpec fromJson(String json) {
    Objects.requireNonNull(json, "json");
    FeatureSpec spec;
    try {
      spec = JSON.readValue(json, FeatureSpec.class);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    }
    if (spec == null) {
      throw new IllegalArgumentException("invalid feature spec JSON: expected an object, got null");
    }
    return spec;
  }

  /**
   * A JSON array of specs in {@link #toJson()} form (the {@code vigil.features} metadata value).
   */
  public static String listToJson(List<FeatureSpec> specs) {
    try {
      return JSON.writeValueAsString(List.copyOf(specs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise feature specs", e);
    }
  }

  /**
   * Parses a JSON array of specs (the {@code vigil.features} metadata value).
   *
   * @throws IllegalArgumentException naming the problem, as {@link #fromJson(String)} does
   */
  public static List<FeatureSpec> listFromJson(String json) {
    Objects.requireNonNull(json, "json");
    FeatureSpec[] specs;
    try {
      specs = JSON.readValue(json, FeatureSpec[].class);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    }
    if (specs == null) {
      throw new IllegalArgumentException("invalid feature spec JSON: expected an array, got null");
    }
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] == null) {
        throw new IllegalArgumentException("invalid feature spec JSON: element " + i + " is null");
      }
    }
    return List.of(specs);
  }

  private static IllegalArgumentException invalid(JsonProcessingException e) {
    Throwable cause = e.getCause();
    String detail =
        cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
    return new IllegalArgumentException(
        "invalid feature spec JSON: " + detail.replace('\n', ' '), e);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("feature spec: " + message);
    }
  }

  private static void requireOneOf(String key, String value, List<String> valid) {
    if (value == null || !valid.contains(value)) {
      throw new IllegalArgumentException(
          "feature spec: " + key + " must be one of " + valid + ", got " + value);
    }
  }
}
