package dev.vigil.runtime.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

  @Test
  void defaultShapesAreThoseOfDecisions() {
    assertEquals(80, FeatureSpec.logmel().bins());
    assertEquals(301, FeatureSpec.logmel().frames());
    assertEquals(257, FeatureSpec.loglinear().bins());
    assertEquals(301, FeatureSpec.loglinear().frames());
    assertEquals(257 * 301, FeatureSpec.loglinear().featureSize());
  }

  @Test
  void framesWithoutCenter() {
    FeatureSpec s = withCenter(FeatureSpec.logmel(), false);
    assertEquals(1 + (48000 - 512) / 160, s.frames());
  }

  @Test
  void jsonRoundTripsWithSnakeCaseKeys() throws Exception {
    for (FeatureSpec spec : new FeatureSpec[] {FeatureSpec.logmel(), FeatureSpec.loglinear()}) {
      String json = spec.toJson();
      assertEquals(spec, FeatureSpec.fromJson(json));
      JsonNode node = new ObjectMapper().readTree(json);
      assertEquals(18, node.size(), json);
      assertEquals(spec.sampleRate(), node.get("sample_rate").asInt());
      assertEquals(spec.windowSamples(), node.get("window_samples").asInt());
      assertEquals(spec.hopLength(), node.get("hop_length").asInt());
      assertEquals(spec.preEmphasis(), node.get("pre_emphasis").asDouble());
      assertEquals(spec.logOffset(), node.get("log_offset").asDouble());
      assertFalse(node.has("mel"), "derived accessors must not be serialised");
      // a plain Jackson mapper reads the same form
      assertEquals(spec, new ObjectMapper().readValue(json, FeatureSpec.class));
    }
  }

  @Test
  void listsRoundTripAsTheFeaturesMetadataValue() throws Exception {
    java.util.List<FeatureSpec> specs =
        java.util.List.of(FeatureSpec.logmel(), FeatureSpec.loglinear());
    String json = FeatureSpec.listToJson(specs);
    assertEquals(2, new ObjectMapper().readTree(json).size());
    assertEquals(specs, FeatureSpec.listFromJson(json));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.listFromJson("[null]"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.listFromJson("null"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson("null"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.listFromJson("{}"));
  }

  @Test
  void fromJsonNamesTheMissingKey() {
    String json = FeatureSpec.logmel().toJson().replace("\"hop_length\":160,", "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson(json));
    assertTrue(e.getMessage().contains("hop_length"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void fromJsonRejectsInvalidValueWithValidChoices() {
    String json = FeatureSpec.logmel().toJson().replace("\"hamming\"", "\"blackman\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson(json));
    assertTrue(e.getMessage().contains("[hamming, hann]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.fromJson("{not json"));
  }

  @Test
  void constructorRejectsBadParameters() {
    FeatureSpec d = FeatureSpec.logmel();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FeatureSpec(
                    d.name(),
                    "mfcc",
                    d.sampleRate(),
                    d.windowSamples(),
                    d.nFft(),
                    d.winLength(),
                    d.window(),
                    d.hopLength(),
                    d.center(),
                    d.padMode(),
                    d.preEmphasis(),
                    d.power(),
                    d.nMels(),
                    d.fMin(),
                    d.fMax(),
                    d.melScale(),
                    d.logOffset(),
                    d.normalization()));
    assertTrue(e.getMessage().contains("[logmel, loglinear]"), e.getMessage());
    // n_fft not a power of two
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FeatureSpec(
                d.name(),
                d.kind(),
                d.sampleRate(),
                d.windowSamples(),
                500,
                d.winLength(),
                d.window(),
                d.hopLength(),
                d.center(),
                d.padMode(),
                d.preEmphasis(),
                d.power(),
                d.nMels(),
                d.fMin(),
                d.fMax(),
                d.melScale(),
                d.logOffset(),
                d.normalization()));
    // f_max above Nyquist
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FeatureSpec(
                d.name(),
                d.kind(),
                d.sampleRate(),
                d.windowSamples(),
                d.nFft(),
                d.winLength(),
                d.window(),
                d.hopLength(),
                d.center(),
                d.padMode(),
                d.preEmphasis(),
                d.power(),
                d.nMels(),
                d.fMin(),
                9000.0,
                d.melScale(),
                d.logOffset(),
                d.normalization()));
    // win_length longer than n_fft
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FeatureSpec(
                d.name(),
                d.kind(),
                d.sampleRate(),
                d.windowSamples(),
                d.nFft(),
                600,
                d.window(),
                d.hopLength(),
                d.center(),
                d.padMode(),
                d.preEmphasis(),
                d.power(),
                d.nMels(),
                d.fMin(),
                d.fMax(),
                d.melScale(),
                d.logOffset(),
                d.normalization()));
  }

  static FeatureSpec withCenter(FeatureSpec d, boolean center) {
    return new FeatureSpec(
        d.name(),
        d.kind(),
        d.sampleRate(),
        d.windowSamples(),
        d.nFft(),
        d.winLength(),
        d.window(),
        d.hopLength(),
        center,
        d.padMode(),
        d.preEmphasis(),
        d.power(),
        d.nMels(),
        d.fMin(),
        d.fMax(),
        d.melScale(),
        d.logOffset(),
        d.normalization());
  }
}
