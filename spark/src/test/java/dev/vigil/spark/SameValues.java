package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares results of two runs: the same fields in the same order and the same values, numbers
 * within 1e-6 (ONNX Runtime's sums differ in the last bits with the batch a window ran in, which
 * differs between any two runs of {@code vigil scan} too).
 */
final class SameValues {
  private SameValues() {}

  /** Fields that measure the run, not the file. */
  static final Set<String> TIMINGS = Set.of("processing_ms", "timings_ms");

  static void assertSame(String where, JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      assertEquals(expected.asDouble(), actual.asDouble(), 1e-6, where);
    } else if (expected.isObject() && actual.isObject()) {
      assertEquals(names(expected), names(actual), where);
      expected
          .properties()
          .forEach(e -> assertSame(where + "." + e.getKey(), e.getValue(), actual.get(e.getKey())));
    } else if (expected.isArray() && actual.isArray()) {
      assertEquals(expected.size(), actual.size(), where);
      for (int i = 0; i < expected.size(); i++) {
        assertSame(where + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else {
      assertEquals(expected, actual, where);
    }
  }

  static List<String> names(JsonNode o) {
    List<String> n = new ArrayList<>();
    o.fieldNames().forEachRemaining(n::add);
    return n;
  }

  /** The rows without their timings, as JSON, in path order (then channel). */
  static List<JsonNode> rows(Dataset<Row> results) {
    List<JsonNode> out = new ArrayList<>();
    for (Row r : results.drop(TIMINGS.toArray(String[]::new)).collectAsList()) {
      try {
        out.add(VerdictJson.mapper().readTree(r.json()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort(Comparator.comparing((JsonNode n) -> n.get("path").asText()));
    return out;
  }

  /** Two runs' rows agree, row by row. */
  static void assertSameRows(List<JsonNode> expected, List<JsonNode> actual) {
    assertEquals(
        expected.stream().map(n -> n.get("path").asText()).toList(),
        actual.stream().map(n -> n.get("path").asText()).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertSame(expected.get(i).get("path").asText(), expected.get(i), actual.get(i));
    }
  }
}
