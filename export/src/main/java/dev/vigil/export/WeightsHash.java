package dev.vigil.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code vigil.weights_sha256}: lowercase hex SHA-256 over the serialized bytes of every {@code
 * GraphProto.initializer} TensorProto, concatenated in file order (the bytes the runtime's wire
 * reader sees between each initializer's length prefix and the next field).
 */
final class WeightsHash {
  private WeightsHash() {}

  static String of(GraphProto graph) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    for (TensorProto t : graph.getInitializerList()) {
      md.update(t.toByteArray());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
