package dev.vigil.runtime.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.decode.AudioInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictJsonTest {

  private static FileVerdict sample() {
    List<String> experts = List.of("lcnn_logmel", "resnet_loglinear");
    return new FileVerdict(
        "a/b.wav",
        -1,
        Label.SPOOF,
        0.8,
        0.5,
        0.9,
        4.5,
        new AudioInfo("pcm_s16le", "wav", 44100, 2, 198450),
        experts,
        List.of(0.7, 0.85),
        List.of(0.25, 0.75),
        List.of(
            new SegmentVerdict(0, 0, 3, 0.9, List.of(0.8, 0.95), List.of(0.3, 0.7), false),
            new SegmentVerdict(1, 1.5, 4.5, 0.01, List.of(0.1, 0.2), List.of(0.5, 0.5), true)),
        List.of(FileVerdict.PARTIAL_SPOOF_SUSPECTED),
        new FileVerdict.Timings(1, 2, 3, 7));
  }

  @Test
  void verdictHasEveryFieldInSnakeCase() throws Exception {
    ObjectNode o = VerdictJson.verdict(sample(), "sha256:0123456789ab", "1.0", false);
    JsonNode back = VerdictJson.mapper().readTree(VerdictJson.toLine(o));
    assertEquals("a/b.wav", back.get("path").asText());
    assertTrue(back.get("channel").isNull());
    assertEquals("spoof", back.get("label").asText());
    assertEquals(0.8, back.get("score").asDouble());
    assertEquals(0.5, back.get("threshold").asDouble());
    assertEquals(4.5, back.get("duration_s").asDouble());
    assertEquals(2, back.get("n_segments").asInt());
    assertEquals(1, back.get("n_silent_segments").asInt());
    assertEquals(0.9, back.get("max_segment_score").asDouble());
    assertEquals(0.85, back.get("expert_scores").get("resnet_loglinear").asDouble());
    assertEquals(0.25, back.get("gate_weights").get("lcnn_logmel").asDouble());
    assertEquals("pcm_s16le", back.get("codec").asText());
    assertEquals("wav", back.get("container").asText());
    assertEquals(44100, back.get("sample_rate_hz").asInt());
    assertEquals(2, back.get("channels").asInt());
    assertEquals("sha256:0123456789ab", back.get("model_id").asText());
    assertEquals("1.0", back.get("model_version").asText());
    assertEquals(7.0, back.get("processing_ms").asDouble());
    assertEquals(1.0, back.get("timings_ms").get("decode").asDouble());
    assertEquals("partial_spoof_suspected", back.get("warnings").get(0).asText());
    assertTrue(back.get("error").isNull());
    assertTrue(back.get("error_code").isNull());
    assertFalse(back.has("segments"));
  }

  @Test
  void segmentsOnRequest() {
    ObjectNode o = VerdictJson.verdict(sample(), "sha256:x", "v", true);
    JsonNode s = o.get("segments");
    assertEquals(2, s.size());
    assertEquals(1.5, s.get(1).get("start_s").asDouble());
    assertEquals(4.5, s.get(1).get("end_s").asDouble());
    assertTrue(s.get(1).get("silent").asBoolean());
    assertEquals(0.95, s.get(0).get("expert_scores").get("resnet_loglinear").asDouble());
    assertEquals(0.7, s.get(0).get("gate_weights").get("resnet_loglinear").asDouble());
  }

  @Test
  void aStreamsWindowLineIsASegmentWithItsLabelAndItsResultLineAVerdict() {
    FileVerdict v = sample();
    WindowVerdict w = WindowVerdict.of("live", 1, v.segments().get(0), 0.5, 123L);
    assertEquals(Label.SPOOF, w.label());
    ObjectNode o = VerdictJson.window(w, v.expertNames());
    assertEquals(
        List.of(
            "event",
            "path",
            "channel",
            "index",
            "start_s",
            "end_s",
            "score",
            "label",
            "threshold",
            "expert_scores",
            "gate_weights",
            "silent"),
        fieldNames(o));
    assertEquals("window", o.get("event").asText());
    assertEquals(1, o.get("channel").asInt());
    assertEquals("spoof", o.get("label").asText());
    assertEquals(0.95, o.get("expert_scores").get("resnet_loglinear").asDouble());
    ObjectNode mixed =
        VerdictJson.window(
            WindowVerdict.of("live", -1, v.segments().get(1), 0.5, 0), v.expertNames());
    assertTrue(mixed.get("channel").isNull());
    assertEquals("bonafide", mixed.get("label").asText());

    ObjectNode verdict = VerdictJson.verdict(v, "sha256:x", "v", false);
    ObjectNode result = VerdictJson.result(verdict);
    List<String> names = fieldNames(result);
    assertEquals("event", names.get(0));
    assertEquals("result", result.get("event").asText());
    assertEquals(fieldNames(verdict), names.subList(1, names.size()));
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void failureIsOneLineWithCodeAndNullMeasurements() {
    AudioInputException e =
        new AudioInputException("x.wav", AudioInputException.Problem.TOO_SHORT, "0.4 s\nis short");
    ObjectNode o = VerdictJson.failure(e, 0.5, "sha256:x", "v", Double.NaN);
    String line = VerdictJson.toLine(o);
    assertFalse(line.contains("\n"));
    assertEquals("x.wav: 0.4 s is short", o.get("error").asText());
    assertEquals("too_short", o.get("error_code").asText());
    assertTrue(o.get("score").isNull());
    assertTrue(o.get("label").isNull());
    assertTrue(o.get("processing_ms").isNull());
    assertEquals(0.5, o.get("threshold").asDouble());
    assertEquals(0, o.get("warnings").size());
  }

  @Test
  void anyThrowableBecomesAFailure() {
    AudioInputException bad =
        new AudioInputException("a.wav", AudioInputException.Problem.EMPTY, "holds no bytes");
    ObjectNode o = VerdictJson.failure("dir/a.wav", bad, 0.5, "m", "v", 3);
    assertEquals("empty", o.get("error_code").asText());
    assertEquals("a.wav: holds no bytes", o.get("error").asText());
    assertEquals("dir/a.wav", o.get("path").asText());
    ObjectNode internal =
        VerdictJson.failure("b.wav", new IllegalStateException(), 0.5, "m", "v", Double.NaN);
    assertEquals("internal", internal.get("error_code").asText());
    assertEquals("b.wav: IllegalStateException", internal.get("error").asText());
    assertTrue(internal.get("processing_ms").isNull());
  }

  @Test
  void csvHeaderIsTheScalarFieldsInOrderWithExpertColumns() {
    List<String> h = VerdictCsv.header(List.of("a", "b"), true);
    assertEquals(
        List.of("path", "channel", "label", "score", "threshold", "duration_s", "n_segments"),
        h.subList(0, 7));
    assertEquals(
        List.of("expert_score.a", "expert_score.b", "gate_weight.a", "gate_weight.b"),
        h.subList(9, 13));
    assertEquals(List.of("file_size_bytes", "file_mtime_ms", "segments"), h.subList(23, 26));
    assertEquals(25, VerdictCsv.header(List.of("a", "b"), false).size());
  }

  @Test
  void verdictAndFailureShareTheSameFieldsInTheSameOrder() {
    ObjectNode ok = VerdictJson.verdict(sample(), "m", "v", false);
    ObjectNode bad = VerdictJson.failure("p", "internal", "boom", 0.5, null, "m", "v", 1);
    assertEquals(List.copyOf(iter(ok)), List.copyOf(iter(bad)));
  }

  private static List<String> iter(ObjectNode o) {
    List<String> names = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
