package dev.vigil.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.decode.PcmEncoding;
import dev.vigil.runtime.decode.StreamFormat;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first message of a {@code /v1/stream} connection, {@code
 * {"sample_rate":16000,"channels":1,"encoding":"pcm_s16le"}}, read into a raw {@link StreamFormat}.
 * Every field is required and checked; a bad message is an {@link ApiException} {@code bad_request}
 * whose one-line message names the field and its valid values.
 */
final class StreamStart {
  static final String SAMPLE_RATE = "sample_rate";
  static final String CHANNELS = "channels";
  static final String ENCODING = "encoding";
  private static final List<String> FIELDS = List.of(SAMPLE_RATE, CHANNELS, ENCODING);
  private static final int MAX_RATE = 2_000_000;
  private static final int MAX_CHANNELS = 256;

  private StreamStart() {}

  /** Reads the start message. */
  static StreamFormat parse(ObjectMapper json, String text) {
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad("the start message is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw bad("the start message must be a JSON object " + example());
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw bad(
            "unknown field '"
                + name
                + "' in the start message (valid: "
                + String.join(", ", FIELDS)
                + ")");
      }
    }
    int rate = integer(node, SAMPLE_RATE, 1, MAX_RATE);
    int channels = integer(node, CHANNELS, 1, MAX_CHANNELS);
    JsonNode e = node.get(ENCODING);
    if (e == null || !e.isTextual()) {
      throw bad(
          ENCODING + " must be one of " + encodings() + ", got " + (e == null ? "nothing" : e));
    }
    PcmEncoding encoding;
    try {
      encoding = PcmEncoding.of(e.asText());
    } catch (IllegalArgumentException ex) {
      throw bad(ENCODING + ": " + ex.getMessage());
    }
    return StreamFormat.raw(encoding, rate, channels);
  }

  /** The end message's check: {@code {"end":true}} and nothing else. */
  static boolean isEnd(ObjectMapper json, String text) {
    try {
      JsonNode node = json.readTree(text);
      return node != null
          && node.isObject()
          && node.size() == 1
          && node.path("end").isBoolean()
          && node.path("end").booleanValue();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static int integer(JsonNode node, String field, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw bad(
          field
              + " must be an integer in ["
              + min
              + ", "
              + max
              + "], got "
              + (v == null ? "nothing" : v)
              + " "
              + example());
    }
    int i = v.intValue();
    if (i < min || i > max) {
      throw bad(field + " must be in [" + min + ", " + max + "], got " + i);
    }
    return i;
  }

  private static String encodings() {
    return Arrays.stream(PcmEncoding.values())
        .map(PcmEncoding::wireName)
        .collect(Collectors.joining(", "));
  }

  private static String example() {
    return "(e.g. {\"sample_rate\":16000,\"channels\":1,\"encoding\":\"pcm_s16le\"})";
  }

  private static ApiException bad(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }
}
