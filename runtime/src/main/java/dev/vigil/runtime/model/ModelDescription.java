package dev.vigil.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The JSON description of a model, one layout for {@code vigil info --json} and {@code GET
 * /v1/model}: a {@code model} object (id, version, source, file size, weights hash), {@code
 * contract_version}, then every other {@code vigil.*} metadata key without its prefix, its value
 * parsed as JSON (kept as text when it is not JSON).
 */
public final class ModelDescription {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "vigil.";

  private ModelDescription() {}

  /**
   * @param meta the parsed metadata
   * @param source how the model is named to the reader (a path, a file name, "bundled ...")
   * @param fileBytes the model file's size, or null when unknown
   * @return a new, mutable object callers may add to
   */
  public static ObjectNode describe(ModelMetadata meta, String source, Long fileBytes) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode model = o.putObject("model");
    model.put("id", ModelContract.modelId(meta.weightsSha256()));
    model.put("version", meta.modelVersion());
    model.put("source", source);
    if (fileBytes == null) {
      model.putNull("file_bytes");
    } else {
      model.put("file_bytes", fileBytes.longValue());
    }
    model.put("weights_sha256", meta.weightsSha256());
    o.put("contract_version", meta.contractVersion());
    for (Map.Entry<String, String> e : meta.raw().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(PREFIX)
          || key.equals(ModelContract.KEY_CONTRACT_VERSION)
          || key.equals(ModelContract.KEY_WEIGHTS_SHA256)) {
        continue;
      }
      String name = key.substring(PREFIX.length());
      if (e.getValue() == null) {
        o.putNull(name);
        continue;
      }
      try {
        o.set(name, JSON.readTree(e.getValue()));
      } catch (JsonProcessingException ex) {
        o.put(name, e.getValue());
      }
    }
    return o;
  }
}
