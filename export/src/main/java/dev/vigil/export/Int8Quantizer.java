package dev.vigil.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an fp32 Vigil graph into a QDQ int8 graph (opset 13+ QuantizeLinear/DequantizeLinear).
 *
 * <p>{@link #plan} folds every BatchNormalization that directly follows a Conv into the Conv and
 * picks the targets: every Conv with constant weights, and every MatMul whose constant 2-D weight
 * has at least {@value #MIN_MATMUL_WEIGHTS} elements (the gate's and the heads' small projections
 * stay fp32). {@link #quantize} then stores each target's weight as int8, symmetric per output
 * channel (DequantizeLinear axis 0 for Conv [M,C,kh,kw], axis 1 for MatMul [K,N]), a Conv bias as
 * int32 at scale s_x·s_w, and wraps the target's activation input and output in a uint8
 * QuantizeLinear → DequantizeLinear pair with the calibrated scale and zero point, the form ONNX
 * Runtime fuses into QLinearConv / QLinearMatMul. A Relu that is the only consumer of a target's
 * output is absorbed: the output is quantized with the Relu output's range and zero point 0, which
 * clips at 0 exactly as the Relu did. Every other node (BatchNorm after a Max-Feature-Map, Max,
 * pools, residual Add, attention, softmaxes, the mixture and calibrated score) stays fp32.
 */
final class Int8Quantizer {
  /** Smallest MatMul weight (K·N elements) that is quantized. */
  static final long MIN_MATMUL_WEIGHTS = 4096;

  private Int8Quantizer() {}

  /**
   * One node to quantize.
   *
   * @param node the node's name
   * @param op its op type: Conv, MatMul (weights int8), Add (a residual sum of two quantized
   *     tensors, run as QLinearAdd) or MaxPool (on a quantized tensor, output at its input's scale)
   * @param input its activation input
   * @param input2 the second input of an Add, else null
   * @param output the tensor whose range quantizes its output (a Relu's output when absorbed)
   * @param relu the absorbed Relu's name, or null
   * @param mfmSplit the Split of an absorbed Max-Feature-Map after a Conv, or null
   * @param mfmMax its Max
   * @param mfmOutput its output (quantized at the Conv output's scale: max commutes with it)
   * @param mfmChannels the channels after it (half the Conv's)
   * @param mfmPool a MaxPool that follows the Max-Feature-Map, or null: it is run before the MFM
   *     (both are maxima, so they commute), on the Conv's uint8 output, where ONNX Runtime runs it
   *     in its NHWC int8 kernel, and the MFM then works on a quarter of the values
   */
  record Target(
      String node,
      String op,
      String input,
      String input2,
      String output,
      String relu,
      String mfmSplit,
      String mfmMax,
      String mfmOutput,
      long mfmChannels,
      String mfmPool) {}

  /**
   * The graph with BatchNorms folded, and what to quantize in it.
   *
   * @param graph an fp32 graph computing the same function as the source
   * @param targets nodes to quantize, in graph order
   * @param folded BatchNorms folded into their Conv
   */
  record Plan(GraphProto graph, List<Target> targets, int folded) {
    /** Activation tensors whose ranges the quantization needs, in graph order. */
    List<String> tensors() {
      Set<String> all = new LinkedHashSet<>();
      for (Target t : targets) {
        all.add(t.input());
        if (t.input2() != null) {
          all.add(t.input2());
        }
        if (!t.op().equals("MaxPool")) {
          all.add(t.output());
        }
      }
      return new ArrayList<>(all);
    }

    /** Op type → count of the targets (a Max-Feature-Map absorbed into its Conv counts as Max). */
    Map<String, Integer> quantizedNodes() {
      Map<String, Integer> count = new java.util.TreeMap<>();
      for (Target t : targets) {
        count.merge(t.op(), 1, Integer::sum);
        if (t.mfmMax() != null) {
          count.merge("Max", 1, Integer::sum);
        }
        if (t.mfmPool() != null) {
          count.merge("MaxPool", 1, Integer::sum);
        }
      }
      return count;
    }

    /** Op type → count of the nodes that stay fp32 in the quantized graph. */
    Map<String, Integer> fp32Nodes() {
      Set<String> skip = new HashSet<>();
      for (Target t : targets) {
        skip.add(t.node());
        if (t.relu() != null) {
          skip.add(t.relu());
        }
        if (t.mfmSplit() != null) {
          skip.add(t.mfmSplit());
          skip.add(t.mfmMax());
          if (t.mfmPool() != null) {
            skip.add(t.mfmPool());
          }
        }
      }
      Map<String, Integer> count = new java.util.TreeMap<>();
      for (NodeProto n : graph.getNodeList()) {
        if (!skip.contains(n.getName())) {
          count.merge(n.getOpType(), 1, Integer::sum);
        }
      }
      return count;
    }
  }

  /** A uint8 activation quantization: real = (q − zeroPoint)·scale. */
  record Affine(float scale, int zeroPoint) {
    /** The asymmetric uint8 mapping of [lo, hi] widened to contain 0. */
    static Affine uint8(double lo, double hi) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
      if (!(hi > lo)) {
        return new Affine(1f, 0);
      }
      double scale = (hi - lo) / 255.0;
      int zp = (int) Math.round(-lo / scale);
      return new Affine((float) scale, Math.max(0, Math.min(255, zp)));
    }
  }

  /** Folds Conv→BatchNormalization pairs and picks the targets. */
  static Plan plan(GraphProto fp32) {
    Map<String, TensorProto> init = initializers(fp32);
    Map<String, List<NodeProto>> consumers = consumers(fp32);
    Set<String> outputs = new HashSet<>();
    for (ValueInfoProto v : fp32.getOutputList()) {
      outputs.add(v.getName());
    }
    Map<String, NodeProto> producer = new HashMap<>();
    for (NodeProto n : fp32.getNodeList()) {
      for (String o : n.getOutputList()) {
        producer.put(o, n);
      }
    }
    // 1. fold BatchNormalization into the Conv before it
    Map<String, NodeProto> replaced = new HashMap<>(); // conv name -> folded conv
    Set<String> dropped = new HashSet<>();
    Map<String, TensorProto> added = new LinkedHashMap<>();
    int folded = 0;
    for (NodeProto bn : fp32.getNodeList()) {
      if (!bn.getOpType().equals("BatchNormalization")) {
        continue;
      }
      NodeProto conv = producer.get(bn.getInput(0));
      if (conv == null
          || !conv.getOpType().equals("Conv")
          || outputs.contains(conv.getOutput(0))
          || consumers.get(conv.getOutput(0)).size() != 1
          || !init.containsKey(conv.getInput(1))
          || (conv.getInputCount() > 2 && !init.containsKey(conv.getInput(2)))
          || !bn.getInputList().subList(1, 5).stream().allMatch(init::containsKey)) {
        continue;
      }
      TensorProto wt = init.get(conv.getInput(1));
      float[] w = floats(wt);
      int m = (int) wt.getDims(0);
      int per = w.length / m;
      float[] gamma = floats(init.get(bn.getInput(1)));
      float[] beta = floats(init.get(bn.getInput(2)));
      float[] mean = floats(init.get(bn.getInput(3)));
      float[] var = floats(init.get(bn.getInput(4)));
      float[] b = conv.getInputCount() > 2 ? floats(init.get(conv.getInput(2))) : new float[m];
      double eps = 1e-5;
      for (AttributeProto a : bn.getAttributeList()) {
        if (a.getName().equals("epsilon")) {
          eps = a.getF();
        }
      }
      float[] fw = new float[w.length];
      float[] fb = new float[m];
      for (int c = 0; c < m; c++) {
        double k = gamma[c] / Math.sqrt(var[c] + eps);
        for (int i = 0; i < per; i++) {
          fw[c * per + i] = (float) (w[c * per + i] * k);
        }
        fb[c] = (float) ((b[c] - mean[c]) * k + beta[c]);
      }
      String wName = conv.getInput(1) + "_bnfold";
      String bName = bn.getOutput(0) + "_bnfold_b";
      added.put(wName, floatTensor(wName, fw, wt.getDimsList()));
      added.put(bName, floatTensor(bName, fb, List.of((long) m)));
      NodeProto.Builder fc = conv.toBuilder().clearInput().clearOutput();
      fc.addInput(conv.getInput(0)).addInput(wName).addInput(bName).addOutput(bn.getOutput(0));
      replaced.put(conv.getName(), fc.build());
      dropped.add(bn.getName());
      folded++;
    }
    GraphProto.Builder g = fp32.toBuilder().clearNode();
    for (NodeProto n : fp32.getNodeList()) {
      if (!dropped.contains(n.getName())) {
        g.addNode(replaced.getOrDefault(n.getName(), n));
      }
    }
    for (TensorProto t : added.values()) {
      g.addInitializer(t);
    }
    GraphProto prepared = pruneInitializers(g.build());

    // 2. targets
    init = initializers(prepared);
    consumers = consumers(prepared);
    List<Target> targets = new ArrayList<>();
    Set<String> quantized = new HashSet<>();
    for (NodeProto n : prepared.getNodeList()) {
      String op = n.getOpType();
      boolean conv =
          op.equals("Conv")
              && init.containsKey(n.getInput(1))
              && (n.getInputCount() < 3 || init.containsKey(n.getInput(2)));
      boolean matmul =
          op.equals("MatMul")
              && init.containsKey(n.getInput(1))
              && init.get(n.getInput(1)).getDimsCount() == 2
              && init.get(n.getInput(1)).getDims(0) * init.get(n.getInput(1)).getDims(1)
                  >= MIN_MATMUL_WEIGHTS;
      boolean add =
          op.equals("Add")
              && n.getInputCount() == 2
              && quantized.contains(n.getInput(0))
              && quantized.contains(n.getInput(1));
      boolean pool = op.equals("MaxPool") && quantized.contains(n.getInput(0));
      if (!conv && !matmul && !add && !pool) {
        continue;
      }
      String y = n.getOutput(0);
      List<NodeProto> uses = consumers.getOrDefault(y, List.of());
      if (conv && !outputs.contains(y)) {
        NodeProto max = mfm(uses, consumers, outputs);
        if (max != null) {
          long channels = init.get(n.getInput(1)).getDims(0) / 2;
          List<NodeProto> after = consumers.getOrDefault(max.getOutput(0), List.of());
          NodeProto mfmPool =
              after.size() == 1
                      && after.get(0).getOpType().equals("MaxPool")
                      && !outputs.contains(max.getOutput(0))
                  ? after.get(0)
                  : null;
          String mfmOut = mfmPool == null ? max.getOutput(0) : mfmPool.getOutput(0);
          targets.add(
              new Target(
                  n.getName(),
                  op,
                  n.getInput(0),
                  null,
                  y,
                  null,
                  uses.get(0).getName(),
                  max.getName(),
                  mfmOut,
                  channels,
                  mfmPool == null ? null : mfmPool.getName()));
          quantized.add(mfmOut);
          continue;
        }
      }
      String relu = null;
      String out = y;
      if (!pool
          && !outputs.contains(y)
          && uses.size() == 1
          && uses.get(0).getOpType().equals("Relu")) {
        relu = uses.get(0).getName();
        out = uses.get(0).getOutput(0);
      }
      targets.add(
          new Target(
              n.getName(),
              op,
              n.getInput(0),
              add ? n.getInput(1) : null,
              out,
              relu,
              null,
              null,
              null,
              0,
              null));
      quantized.add(out);
    }
    return new Plan(prepared, targets, folded);
  }

  /** The Max of a Max-Feature-Map (Split in two halves on axis 1, Max of them) using {@code y}. */
  private static NodeProto mfm(
      List<NodeProto> uses, Map<String, List<NodeProto>> consumers, Set<String> outputs) {
    if (uses.size() != 1
        || !uses.get(0).getOpType().equals("Split")
        || uses.get(0).getInputCount() != 1
        || uses.get(0).getOutputCount() != 2) {
      return null;
    }
    NodeProto split = uses.get(0);
    for (AttributeProto a : split.getAttributeList()) {
      if (a.getName().equals("axis") && a.getI() != 1) {
        return null;
      }
      if (a.getName().equals("split")) {
        return null;
      }
    }
    List<NodeProto> a = consumers.getOrDefault(split.getOutput(0), List.of());
    List<NodeProto> b = consumers.getOrDefault(split.getOutput(1), List.of());
    if (a.size() != 1
        || b.size() != 1
        || a.get(0) != b.get(0)
        || !a.get(0).getOpType().equals("Max")
        || a.get(0).getInputCount() != 2
        || outputs.contains(split.getOutput(0))
        || outputs.contains(split.getOutput(1))) {
      return null;
    }
    return a.get(0);
  }

  /**
   * The QDQ graph of {@code plan}.
   *
   * @param ranges [lo, hi] of every tensor of {@link Plan#tensors()}
   * @param weightMax largest |q| of a weight: 127 (8 bits) or 63 (7 bits, no int16 overflow in
   *     u8·s8 pair sums on CPUs without VNNI)
   */
  static GraphProto quantize(Plan plan, Map<String, double[]> ranges, int weightMax) {
    GraphProto src = plan.graph();
    Map<String, TensorProto> init = initializers(src);
    Map<String, Target> byNode = new HashMap<>();
    Map<String, NodeProto> byName = new HashMap<>();
    for (NodeProto n : src.getNodeList()) {
      if (byName.put(n.getName(), n) != null || n.getName().isEmpty()) {
        throw new IllegalArgumentException(
            "graph node names must be unique and non-empty: '" + n.getName() + "'");
      }
    }
    Set<String> absorbed = new HashSet<>();
    Set<String> targetOutputs = new HashSet<>();
    for (Target t : plan.targets()) {
      byNode.put(t.node(), t);
      targetOutputs.add(t.output());
      if (t.relu() != null) {
        absorbed.add(t.relu());
      }
      if (t.mfmSplit() != null) {
        absorbed.add(t.mfmSplit());
        absorbed.add(t.mfmMax());
        if (t.mfmPool() != null) {
          absorbed.add(t.mfmPool());
        }
        targetOutputs.add(t.mfmOutput());
      }
    }
    Map<String, Affine> affine = new HashMap<>();
    for (String tensor : plan.tensors()) {
      double[] r = ranges.get(tensor);
      if (r == null) {
        throw new IllegalArgumentException("no calibrated range for tensor " + tensor);
      }
      affine.put(tensor, Affine.uint8(r[0], r[1]));
    }
    for (Target t : plan.targets()) {
      if (t.op().equals("MaxPool")) {
        affine.put(t.output(), affine.get(t.input())); // max commutes with a monotone mapping
      }
      if (t.mfmOutput() != null) {
        affine.put(t.mfmOutput(), affine.get(t.output()));
      }
    }
    OnnxGraph q = new OnnxGraph(src.getName() + "_int8");
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> inits = new ArrayList<>();
    Map<String, String> dequantizedInput = new HashMap<>(); // input tensor -> its DQ output
    int[] id = {0};
    for (NodeProto n : src.getNodeList()) {
      if (absorbed.contains(n.getName())) {
        continue;
      }
      Target t = byNode.get(n.getName());
      if (t == null) {
        nodes.add(n);
        continue;
      }
      if (t.op().equals("Add") || t.op().equals("MaxPool")) {
        // inputs are dequantized outputs of targets already: DQ → op → Q, fused by ONNX Runtime
        String raw = t.output() + "_f";
        nodes.add(n.toBuilder().clearOutput().addOutput(raw).build());
        qdq(nodes, inits, raw, t.output(), affine.get(t.output()), "out" + id[0]++);
        continue;
      }
      Affine ax = affine.get(t.input());
      String x = t.input();
      if (!targetOutputs.contains(x)) {
        // a graph input or an fp32 node's output: quantize it once, for every target reading it
        String dq = dequantizedInput.get(x);
        if (dq == null) {
          dq = x + "_dq";
          qdq(nodes, inits, x, dq, ax, "in" + id[0]++);
          dequantizedInput.put(x, dq);
        }
        x = dq;
      }
      TensorProto wt = init.get(n.getInput(1));
      int axis = t.op().equals("Conv") ? 0 : 1;
      float[] w = floats(wt);
      float[] ws = weightScales(w, wt.getDimsList(), axis, weightMax);
      String wq = n.getInput(1) + "_q";
      inits.add(int8Weights(wq, w, wt.getDimsList(), axis, ws));
      String wDq = dq(nodes, inits, wq, ws, TensorProto.DataType.INT8_VALUE, axis);
      NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
      b.addInput(x).addInput(wDq);
      if (n.getInputCount() > 2) {
        float[] bias = floats(init.get(n.getInput(2)));
        float[] bs = new float[bias.length];
        int[] bq = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
          bs[c] = ax.scale() * ws[c];
          bq[c] = (int) Math.round(bias[c] / (double) bs[c]);
        }
        String bName = n.getInput(2) + "_q";
        inits.add(intTensor(bName, bq, List.of((long) bq.length)));
        b.addInput(dq(nodes, inits, bName, bs, TensorProto.DataType.INT32_VALUE, 0));
      }
      String raw = t.output() + "_f";
      b.addOutput(raw);
      nodes.add(b.build());
      if (t.mfmOutput() == null) {
        qdq(nodes, inits, raw, t.output(), affine.get(t.output()), "out" + id[0]++);
      } else {
        NodeProto pool = t.mfmPool() == null ? null : byName.get(t.mfmPool());
        mfmUint8(nodes, inits, raw, t, pool, affine.get(t.output()), "mfm" + id[0]++);
      }
    }
    GraphProto.Builder out = src.toBuilder().clearNode().setName(src.getName() + "_int8");
    out.addAllNode(nodes);
    out.addAllInitializer(inits);
    return pruneInitializers(out.build());
  }

  /**
   * Quantizes a Conv output and takes its Max-Feature-Map on the uint8 values: [N,C,H,W] is
   * reshaped to [N,2,C/2·H·W], a ReduceMax over axis 1 takes the max of the two halves, and the
   * result is reshaped to [N,C/2,H,W] and dequantized (max commutes with the monotone quantization,
   * so this equals the fp32 Split + Max of the dequantized values).
   */
  private static void mfmUint8(
      List<NodeProto> nodes,
      List<TensorProto> inits,
      String x,
      Target t,
      NodeProto pool,
      Affine a,
      String tag) {
    String y = t.mfmOutput();
    addScaleAndZeroPoint(inits, y, a);
    String s = y + "_scale";
    String zp = y + "_zp";
    String q = y + "_conv_u8";
    nodes.add(node("QuantizeLinear", "q_" + tag, List.of(x, s, zp), q, null));
    if (pool != null) {
      String pooled = y + "_pool_u8";
      nodes.add(
          pool.toBuilder()
              .clearInput()
              .clearOutput()
              .addInput(q)
              .addOutput(pooled)
              .setName(pool.getName())
              .build());
      q = pooled;
    }
    String pairs = y + "_pairs_shape";
    inits.add(longTensor(pairs, 0, 2, -1));
    String flat = y + "_pairs_u8";
    nodes.add(node("Reshape", "reshape_" + tag, List.of(q, pairs), flat, null));
    String pooled = y + "_max_u8";
    nodes.add(
        NodeProto.newBuilder()
            .setOpType("ReduceMax")
            .setName("reducemax_" + tag)
            .addInput(flat)
            .addOutput(pooled)
            .addAttribute(OnnxGraph.attrs("axes", 1))
            .addAttribute(OnnxGraph.attr("keepdims", 0L))
            .build());
    String shape = y + "_conv_shape";
    nodes.add(node("Shape", "shape_" + tag, List.of(q), shape, null));
    String n = y + "_n";
    String hw = y + "_hw";
    String i0 = y + "_i0";
    String i1 = y + "_i1";
    String i2 = y + "_i2";
    String i4 = y + "_i4";
    inits.add(longTensor(i0, 0));
    inits.add(longTensor(i1, 1));
    inits.add(longTensor(i2, 2));
    inits.add(longTensor(i4, 4));
    nodes.add(node("Slice", "slice_n_" + tag, List.of(shape, i0, i1), n, null));
    nodes.add(node("Slice", "slice_hw_" + tag, List.of(shape, i2, i4), hw, null));
    String c = y + "_c";
    inits.add(longTensor(c, t.mfmChannels()));
    String target = y + "_mfm_shape";
    nodes.add(
        node("Concat", "concat_" + tag, List.of(n, c, hw), target, OnnxGraph.attr("axis", 0L)));
    String back = y + "_u8";
    nodes.add(node("Reshape", "reshape_back_" + tag, List.of(pooled, target), back, null));
    nodes.add(node("DequantizeLinear", "dq_" + tag, List.of(back, s, zp), y, null));
  }

  private static TensorProto longTensor(String name, long... v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(v);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(v.length)
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }

  /** The initializers {@code y_scale} (fp32) and {@code y_zp} (uint8) of an activation's affine. */
  private static void addScaleAndZeroPoint(List<TensorProto> inits, String y, Affine a) {
    inits.add(floatTensor(y + "_scale", new float[] {a.scale()}, List.of()));
    inits.add(
        TensorProto.newBuilder()
            .setName(y + "_zp")
            .setDataType(TensorProto.DataType.UINT8_VALUE)
            .setRawData(ByteString.copyFrom(new byte[] {(byte) a.zeroPoint()}))
            .build());
  }

  private static void qdq(
      List<NodeProto> nodes, List<TensorProto> inits, String x, String y, Affine a, String tag) {
    addScaleAndZeroPoint(inits, y, a);
    String s = y + "_scale";
    String zp = y + "_zp";
    String qv = y + "_u8";
    nodes.add(node("QuantizeLinear", "q_" + tag, List.of(x, s, zp), qv, null));
    nodes.add(node("DequantizeLinear", "dq_" + tag, List.of(qv, s, zp), y, null));
  }

  private static String dq(
      List<NodeProto> nodes,
      List<TensorProto> inits,
      String q,
      float[] scales,
      int zpType,
      int axis) {
    String s = q + "_scale";
    String zp = q + "_zp";
    String y = q + "_dq";
    inits.add(floatTensor(s, scales, List.of((long) scales.length)));
    int width = zpType == TensorProto.DataType.INT32_VALUE ? 4 : 1;
    inits.add(
        TensorProto.newBuilder()
            .setName(zp)
            .setDataType(zpType)
            .addDims(scales.length)
            .setRawData(ByteString.copyFrom(new byte[scales.length * width]))
            .build());
    nodes.add(
        node("DequantizeLinear", "dq_" + q, List.of(q, s, zp), y, OnnxGraph.attr("axis", axis)));
    return y;
  }

  private static NodeProto node(
      String op, String name, List<String> in, String out, AttributeProto attr) {
    NodeProto.Builder b =
        NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addOutput(out);
    if (attr != null) {
      b.addAttribute(attr);
    }
    return b.build();
  }

  /** max |w| / weightMax per slice along {@code axis} (0: rows of [M,...], 1: columns of [K,N]). */
  static float[] weightScales(float[] w, List<Long> dims, int axis, int weightMax) {
    int channels = (int) (long) dims.get(axis);
    float[] max = new float[channels];
    for (int i = 0; i < w.length; i++) {
      int c = channel(i, w.length, channels, axis);
      max[c] = Math.max(max[c], Math.abs(w[i]));
    }
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      s[c] = max[c] > 0 ? max[c] / weightMax : 1f;
    }
    return s;
  }

  private static int channel(int i, int n, int channels, int axis) {
    return axis == 0 ? i / (n / channels) : i % channels;
  }

  private static TensorProto int8Weights(
      String name, float[] w, List<Long> dims, int axis, float[] scales) {
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      long v = Math.round(w[i] / (double) scales[channel(i, w.length, scales.length, axis)]);
      q[i] = (byte) Math.max(-127, Math.min(127, v));
    }
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT8_VALUE)
        .addAllDims(dims)
        .setRawData(ByteString.copyFrom(q))
        .build();
  }

  private static TensorProto intTensor(String name, int[] v, List<Long> dims) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(v);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT32_VALUE)
        .addAllDims(dims)
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }

  static TensorProto floatTensor(String name, float[] v, List<Long> dims) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addAllDims(dims)
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }

  /** The values of a float32 initializer (raw little-endian data or {@code float_data}). */
  static float[] floats(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new IllegalArgumentException(
          "initializer " + t.getName() + " is not float32 (type " + t.getDataType() + ")");
    }
    if (!t.getRawData().isEmpty()) {
      float[] f = new float[t.getRawData().size() / 4];
      t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      return f;
    }
    float[] f = new float[t.getFloatDataCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = t.getFloatData(i);
    }
    return f;
  }

  static Map<String, TensorProto> initializers(GraphProto g) {
    Map<String, TensorProto> m = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      m.put(t.getName(), t);
    }
    return m;
  }

  private static Map<String, List<NodeProto>> consumers(GraphProto g) {
    Map<String, List<NodeProto>> m = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      for (String in : n.getInputList()) {
        m.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
    return m;
  }

  /** Drops initializers no node reads (the fp32 weights a quantized or folded node replaced). */
  private static GraphProto pruneInitializers(GraphProto g) {
    Set<String> used = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      used.addAll(n.getInputList());
    }
    GraphProto.Builder b = g.toBuilder().clearInitializer();
    for (TensorProto t : g.getInitializerList()) {
      if (used.contains(t.getName())) {
        b.addInitializer(t);
      }
    }
    return b.build();
  }
}
