package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a scan's output rows: {@link VerdictJson} plus the two fields the scan adds for {@code
 * --resume}, the file's size and modification time when it was scanned.
 */
final class ScanRows {

  private final String modelId;
  private final String modelVersion;
  private final double threshold;
  private final boolean segments;

  ScanRows(String modelId, String modelVersion, double threshold, boolean segments) {
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.threshold = threshold;
    this.segments = segments;
  }

  List<ObjectNode> verdicts(String path, List<FileVerdict> vs, FileKey key) {
    List<ObjectNode> rows = new ArrayList<>(vs.size());
    for (FileVerdict v : vs) {
      ObjectNode o = VerdictJson.verdict(v, modelId, modelVersion, segments);
      o.put(VerdictJson.PATH, path);
      rows.add(withKey(o, key));
    }
    return rows;
  }

  ObjectNode failure(String path, Throwable error, double millis, FileKey key) {
    return withKey(VerdictJson.failure(path, error, threshold, modelId, modelVersion, millis), key);
  }

  ObjectNode walkFailure(String path, String message, FileKey key) {
    ObjectNode o =
        VerdictJson.failure(
            path, "unreadable", message, threshold, null, modelId, modelVersion, Double.NaN);
    return withKey(o, key);
  }

  private static ObjectNode withKey(ObjectNode o, FileKey key) {
    if (key == null) {
      o.putNull(VerdictJson.FILE_SIZE_BYTES);
      o.putNull(VerdictJson.FILE_MTIME_MS);
    } else {
      o.put(VerdictJson.FILE_SIZE_BYTES, key.size());
      o.put(VerdictJson.FILE_MTIME_MS, key.mtimeMillis());
    }
    return o;
  }
}
