package dev.vigil.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.trainer.checkpoint.ParitySegments;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Measures the ranges of activation tensors of an fp32 graph on real windows: the graph gets every
 * tensor as an extra output, ONNX Runtime runs it over the windows in small batches, and each
 * tensor keeps its exact minimum and maximum plus a strided sample (at most {@value #SAMPLE} values
 * per batch) for percentiles. {@code minmax} uses the extremes; {@code percentile} p clips at the
 * (1−p) and p quantiles of the sample, which ignores rare outliers at the cost of saturating them.
 */
final class Calibrator {
  /** Sampled values per tensor and batch. */
  static final int SAMPLE = 4096;

  private static final int BATCH = 2;

  private Calibrator() {}

  /** The collected statistics of every tensor. */
  static final class Stats {
    private final Map<String, double[]> minMax = new LinkedHashMap<>();
    private final Map<String, float[]> sample = new HashMap<>();
    private final Map<String, Integer> filled = new HashMap<>();

    /** [lo, hi] of every tensor: extremes for p ≥ 1, else the (1−p) and p quantiles. */
    Map<String, double[]> ranges(double p) {
      Map<String, double[]> out = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : minMax.entrySet()) {
        if (p >= 1) {
          out.put(e.getKey(), e.getValue().clone());
          continue;
        }
        float[] s = Arrays.copyOf(sample.get(e.getKey()), filled.get(e.getKey()));
        Arrays.sort(s);
        int hi = (int) Math.min(s.length - 1, Math.ceil(p * (s.length - 1)));
        int lo = (int) Math.max(0, Math.floor((1 - p) * (s.length - 1)));
        out.put(e.getKey(), new double[] {s[lo], s[hi]});
      }
      return out;
    }

    private void add(String name, FloatBuffer v, Random r) {
      double[] mm =
          minMax.computeIfAbsent(name, k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
      int n = v.remaining();
      for (int i = 0; i < n; i++) {
        float x = v.get(i);
        if (x < mm[0]) {
          mm[0] = x;
        }
        if (x > mm[1]) {
          mm[1] = x;
        }
      }
      int stride = Math.max(1, n / SAMPLE);
      int start = stride > 1 ? r.nextInt(stride) : 0;
      float[] s = sample.computeIfAbsent(name, k -> new float[SAMPLE * 16]);
      int f = filled.getOrDefault(name, 0);
      for (int i = start; i < n; i += stride) {
        if (f == s.length) {
          s = Arrays.copyOf(s, s.length * 2);
          sample.put(name, s);
        }
        s[f++] = v.get(i);
      }
      filled.put(name, f);
    }
  }

  /**
   * Runs {@code graph} with {@code tensors} as extra outputs over {@code windows}.
   *
   * @throws IllegalStateException when ONNX Runtime refuses the graph or a run
   */
  static Stats collect(GraphProto graph, List<String> tensors, ParitySegments windows, long seed) {
    GraphProto.Builder g = graph.toBuilder();
    Set<String> outputs = new HashSet<>();
    for (ValueInfoProto v : graph.getOutputList()) {
      outputs.add(v.getName());
    }
    Set<String> inputs = new HashSet<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (ValueInfoProto v : graph.getInputList()) {
      inputs.add(v.getName());
      List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
      long[] s = new long[dims.size()];
      for (int i = 1; i < s.length; i++) {
        s[i] = dims.get(i).getDimValue();
      }
      shapes.put(v.getName(), s);
    }
    for (String t : tensors) {
      if (!outputs.contains(t) && !inputs.contains(t)) {
        g.addOutput(
            ValueInfoProto.newBuilder()
                .setName(t)
                .setType(
                    TypeProto.newBuilder()
                        .setTensorType(
                            TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE))));
      }
    }
    byte[] bytes = Exporter.model(g.build(), Map.of()).toByteArray();
    Stats stats = new Stats();
    Random r = new Random(seed);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(2);
      try (OrtSession session = env.createSession(bytes, so)) {
        Set<String> wanted = new HashSet<>(tensors);
        wanted.removeAll(inputs);
        for (int from = 0; from < windows.count(); from += BATCH) {
          int n = Math.min(BATCH, windows.count() - from);
          Map<String, OnnxTensor> in = new LinkedHashMap<>();
          try {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
              long[] s = e.getValue().clone();
              s[0] = n;
              int per = (int) (Arrays.stream(s).reduce(1, (a, b) -> a * b) / n);
              float[] all = windows.inputs().get(e.getKey());
              if (all == null) {
                throw new IllegalStateException("no calibration data for input " + e.getKey());
              }
              FloatBuffer fb = FloatBuffer.wrap(all, from * per, n * per).slice();
              in.put(e.getKey(), OnnxTensor.createTensor(env, fb, s));
              if (tensors.contains(e.getKey())) {
                stats.add(e.getKey(), FloatBuffer.wrap(all, from * per, n * per).slice(), r);
              }
            }
            try (OrtSession.Result res = session.run(in, wanted)) {
              for (Map.Entry<String, OnnxValue> e : res) {
                stats.add(e.getKey(), ((OnnxTensor) e.getValue()).getFloatBuffer(), r);
              }
            }
          } finally {
            in.values().forEach(OnnxTensor::close);
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "calibration run failed: %s", e.getMessage()), e);
    }
    return stats;
  }
}
