package dev.vigil.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a scan's rows as {@code vigil scan} builds its JSON lines: {@link VerdictJson} (the one
 * place that builds a result), the input's path, and the file's size and modification time, then
 * {@link JsonRows} into {@link ResultSchema}.
 */
final class ResultRows {
  private final String modelId;
  private final String modelVersion;
  private final double threshold;
  private final boolean segments;
  private final StructType schema;

  ResultRows(String modelId, String modelVersion, double threshold, boolean segments) {
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.threshold = threshold;
    this.segments = segments;
    this.schema = ResultSchema.of(segments);
  }

  /** One row per verdict (one per channel when channels are split). */
  List<Row> verdicts(InputFile in, List<FileVerdict> vs) {
    List<Row> rows = new ArrayList<>(vs.size());
    for (FileVerdict v : vs) {
      ObjectNode o = VerdictJson.verdict(v, modelId, modelVersion, segments);
      o.put(VerdictJson.PATH, in.path());
      rows.add(withFile(o, in));
    }
    return rows;
  }

  /** The row of a file that failed with {@code error} after {@code millis}. */
  Row failure(InputFile in, Throwable error, double millis) {
    return withFile(
        VerdictJson.failure(in.path(), error, threshold, modelId, modelVersion, millis), in);
  }

  private Row withFile(ObjectNode o, InputFile in) {
    putOrNull(o, VerdictJson.FILE_SIZE_BYTES, in.size());
    putOrNull(o, VerdictJson.FILE_MTIME_MS, in.mtimeMillis());
    return JsonRows.toRow(o, schema);
  }

  private static void putOrNull(ObjectNode o, String key, long v) {
    if (v < 0) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}
