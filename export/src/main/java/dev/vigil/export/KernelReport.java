package dev.vigil.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which operators ONNX Runtime actually runs for a model: a CPU session at the runtime's
 * optimization level (all) writes its optimized graph ({@code optimizedModelFilePath}), whose nodes
 * are counted by op type (domain-qualified outside the default domain, e.g. {@code
 * com.microsoft:QLinearAdd}). This is how QLinearConv is told from a float Conv on dequantized
 * weights.
 */
final class KernelReport {
  private KernelReport() {}

  /**
   * Op type → count of the optimized graph of {@code model}.
   *
   * @param dump where the optimized graph is written (kept for inspection)
   */
  static Map<String, Integer> optimizedOps(byte[] model, Path dump)
      throws OrtException, IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setIntraOpNumThreads(1);
      so.setOptimizedModelFilePath(dump.toAbsolutePath().toString());
      env.createSession(model, so).close();
    }
    Map<String, Integer> ops = new TreeMap<>();
    for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(dump)).getGraph().getNodeList()) {
      String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
      ops.merge(op, 1, Integer::sum);
    }
    return ops;
  }
}
