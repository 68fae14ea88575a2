package dev.vigil.export;

import static dev.vigil.export.OnnxGraph.attr;
import static dev.vigil.export.OnnxGraph.attrs;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.trainer.arch.AttentionGate;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ClassicGate;
import dev.vigil.trainer.arch.EncoderLayerBlock;
import dev.vigil.trainer.arch.ExpertNet;
import dev.vigil.trainer.arch.GateNet;
import dev.vigil.trainer.arch.LinearBlock;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.arch.MlpGate;
import dev.vigil.trainer.arch.SingleGate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONNX graph of a whole mixture, as {@link MixtureNet#forward} computes it: experts on their
 * front-end inputs, softmax per expert, the gate, P_mix = Σ w_e·P_e, score = P_mix(spoof) (or the
 * calibrated sigmoid(a·(log P_mix(1) − log P_mix(0)) + b), in log space as in DJL). Outputs {@code
 * score} [N], {@code expert_scores} [N,E], {@code gate_weights} [N,E].
 */
final class MixtureGraph {
  private MixtureGraph() {}

  /** Builds the graph (inputs, initializers in emission order, nodes, outputs). */
  static GraphProto build(MixtureNet net) {
    MixtureSpec spec = net.spec();
    OnnxGraph g = new OnnxGraph("vigil_mixture");
    LayerEmitter emit = new LayerEmitter(g);
    Map<String, String> inputs = new LinkedHashMap<>();
    for (String name : spec.inputNames()) {
      long[] s = spec.inputShape(name);
      long[] dims = new long[s.length + 1];
      dims[0] = -1;
      System.arraycopy(s, 0, dims, 1, s.length);
      g.input(name, dims);
      inputs.put(name, name);
    }
    int e = net.experts().size();
    List<String> logits = new ArrayList<>();
    List<String> embeddings = new ArrayList<>();
    String axis1 = g.longs("axis1", 1);
    for (int i = 0; i < e; i++) {
      ExpertNet expert = net.expert(i);
      String x = spec.inputNames().get(net.inputOfExpert(i));
      String emb = emit.emit(expert.body(), x);
      embeddings.add(emb);
      String l = emit.linear(expert.head(), emb);
      logits.add(g.node("Unsqueeze", List.of(l, axis1)));
    }
    String stacked = e == 1 ? logits.get(0) : g.node("Concat", logits, attr("axis", 1L)); // [N,E,2]
    String probs = g.node("Softmax", List.of(stacked), attr("axis", 2L));
    g.nodeTo(
        "Gather",
        List.of(probs, g.longScalar("spoof", 1)),
        List.of(ModelContract.OUTPUT_EXPERT_SCORES),
        attr("axis", 2L));

    GateNet gate = net.gate();
    String gateLogits = null;
    if (gate instanceof SingleGate) {
      g.nodeTo(
          "ConstantOfShape",
          List.of(g.node("Shape", List.of(ModelContract.OUTPUT_EXPERT_SCORES))),
          List.of(ModelContract.OUTPUT_GATE_WEIGHTS),
          attr("value", floatTensor(1f)));
    } else {
      if (gate instanceof ClassicGate c) {
        gateLogits = emit.linear(c.linear(), inputs.get(MixtureSpec.WAVEFORM));
      } else if (gate instanceof MlpGate m) {
        gateLogits = mlp(g, emit, m, embeddings);
      } else if (gate instanceof AttentionGate a) {
        gateLogits = attention(g, emit, a, embeddings);
      } else {
        throw new IllegalArgumentException("no ONNX form for gate " + gate.spec().type());
      }
      g.nodeTo(
          "Softmax",
          List.of(gateLogits),
          List.of(ModelContract.OUTPUT_GATE_WEIGHTS),
          attr("axis", 1L));
    }
    String axis2 = g.longs("axis2", 2);
    String weighted =
        g.node(
            "Mul",
            List.of(g.node("Unsqueeze", List.of(ModelContract.OUTPUT_GATE_WEIGHTS, axis2)), probs));
    String pmix =
        g.node("ReduceSum", List.of(weighted, g.longs("axis1", 1)), attr("keepdims", 0L)); // [N,2]

    Calibration cal = spec.calibration();
    if (cal.isIdentity()) {
      g.nodeTo(
          "Gather",
          List.of(pmix, g.longScalar("spoof", 1)),
          List.of(ModelContract.OUTPUT_SCORE),
          attr("axis", 1L));
    } else {
      String logP = g.node("LogSoftmax", List.of(stacked), attr("axis", 2L)); // [N,E,2]
      String logPmix;
      if (gateLogits == null) {
        logPmix = g.node("Squeeze", List.of(logP, g.longs("axis1", 1)));
      } else {
        String logW = g.node("LogSoftmax", List.of(gateLogits), attr("axis", 1L));
        String joint = g.node("Add", List.of(g.node("Unsqueeze", List.of(logW, axis2)), logP));
        logPmix = g.node("ReduceLogSumExp", List.of(joint), attrs("axes", 1), attr("keepdims", 0L));
      }
      String l1 = g.node("Gather", List.of(logPmix, g.longScalar("spoof", 1)), attr("axis", 1L));
      String l0 = g.node("Gather", List.of(logPmix, g.longScalar("bonafide", 0)), attr("axis", 1L));
      String logit = g.node("Sub", List.of(l1, l0));
      String affine =
          g.node(
              "Add",
              List.of(
                  g.node("Mul", List.of(logit, g.scalar("cal_a", (float) cal.a()))),
                  g.scalar("cal_b", (float) cal.b())));
      g.nodeTo("Sigmoid", List.of(affine), List.of(ModelContract.OUTPUT_SCORE));
    }
    g.output(ModelContract.OUTPUT_SCORE, -1);
    g.output(ModelContract.OUTPUT_EXPERT_SCORES, -1, e);
    g.output(ModelContract.OUTPUT_GATE_WEIGHTS, -1, e);
    return g.build();
  }

  private static String mlp(OnnxGraph g, LayerEmitter emit, MlpGate m, List<String> embeddings) {
    List<String> parts = new ArrayList<>();
    String product = null;
    for (int i = 0; i < embeddings.size(); i++) {
      String p = emit.linear(m.projections().get(i), embeddings.get(i));
      String e = emit.op(m.leaky(), emit.emit(m.sharedNorm(), p));
      parts.add(e);
      product = product == null ? e : g.node("Mul", List.of(product, e));
    }
    parts.add(g.node("Mul", List.of(product, emit.weights(m.pooling(), "pooling"))));
    String h = emit.linear(m.fuse(), g.node("Concat", parts, attr("axis", 1L)));
    h = emit.op(m.leaky(), emit.emit(m.fuseNorm(), h));
    return emit.linear(m.out(), h);
  }

  private static String attention(
      OnnxGraph g, LayerEmitter emit, AttentionGate a, List<String> embeddings) {
    String axis1 = g.longs("axis1", 1);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < embeddings.size(); i++) {
      LinearBlock proj = a.projections().get(i);
      tokens.add(g.node("Unsqueeze", List.of(emit.linear(proj, embeddings.get(i)), axis1)));
    }
    String t = tokens.size() == 1 ? tokens.get(0) : g.node("Concat", tokens, attr("axis", 1L));
    t = g.node("Add", List.of(t, emit.weights(a.typeEmbedding(), "type_embedding")));
    for (EncoderLayerBlock layer : a.layers()) {
      t = emit.emit(layer, t);
    }
    String s = emit.linear(a.score(), t); // [N,E,1]
    return g.node("Squeeze", List.of(s, g.longs("axis2", 2)));
  }

  private static TensorProto floatTensor(float v) {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v);
    return TensorProto.newBuilder()
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(1)
        .setRawData(ByteString.copyFrom(b.array()))
        .build();
  }
}
