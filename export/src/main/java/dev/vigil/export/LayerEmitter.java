package dev.vigil.export;

import static dev.vigil.export.OnnxGraph.attr;
import static dev.vigil.export.OnnxGraph.attrs;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.vigil.trainer.arch.BatchNormBlock;
import dev.vigil.trainer.arch.ConvBlock;
import dev.vigil.trainer.arch.DescribedBlock;
import dev.vigil.trainer.arch.EncoderLayerBlock;
import dev.vigil.trainer.arch.Layer;
import dev.vigil.trainer.arch.LayerNormBlock;
import dev.vigil.trainer.arch.LinearBlock;
import dev.vigil.trainer.arch.OpBlock;
import dev.vigil.trainer.arch.ResidualBlock;
import dev.vigil.trainer.arch.SelfAttentionBlock;
import dev.vigil.trainer.arch.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the ONNX nodes of one described DJL block (opset 17): each {@link Layer} kind maps to a
 * fixed small subgraph, weights are read from the block's parameters. BatchNorm is in inference
 * form, dropout is the identity, adaptive max pooling is a Slice + ReduceMax per window of its
 * fixed table (rows, then columns) and a Concat.
 */
final class LayerEmitter {
  private final OnnxGraph g;

  LayerEmitter(OnnxGraph graph) {
    this.g = graph;
  }

  /** Emits {@code block} applied to value {@code x}; returns the output value's name. */
  String emit(Block block, String x) {
    if (block instanceof SequentialBlock s) {
      String y = x;
      for (Block step : s.steps()) {
        y = emit(step, y);
      }
      return y;
    } else if (block instanceof ConvBlock c) {
      Layer.Conv2d spec = (Layer.Conv2d) c.layer();
      List<String> in = new ArrayList<>(List.of(x, weights(c.weight(), "conv_w")));
      if (c.bias() != null) {
        in.add(weights(c.bias(), "conv_b"));
      }
      int p = spec.padding();
      return g.node(
          "Conv",
          in,
          attrs("kernel_shape", spec.kernel(), spec.kernel()),
          attrs("strides", spec.stride(), spec.stride()),
          attrs("pads", p, p, p, p));
    } else if (block instanceof BatchNormBlock b) {
      Layer.BatchNorm spec = (Layer.BatchNorm) b.layer();
      return g.node(
          "BatchNormalization",
          List.of(
              x,
              weights(b.gamma(), "bn_gamma"),
              weights(b.beta(), "bn_beta"),
              weights(b.runningMean(), "bn_mean"),
              weights(b.runningVar(), "bn_var")),
          attr("epsilon", (float) spec.eps()));
    } else if (block instanceof LinearBlock l) {
      return linear(l, x);
    } else if (block instanceof LayerNormBlock n) {
      Layer.LayerNorm spec = (Layer.LayerNorm) n.layer();
      return g.node(
          "LayerNormalization",
          List.of(x, weights(n.gamma(), "ln_gamma"), weights(n.beta(), "ln_beta")),
          attr("axis", -1L),
          attr("epsilon", (float) spec.eps()));
    } else if (block instanceof ResidualBlock r) {
      String main = emit(r.main(), x);
      String shortcut = r.shortcut().steps().isEmpty() ? x : emit(r.shortcut(), x);
      return g.node("Relu", List.of(g.node("Add", List.of(main, shortcut))));
    } else if (block instanceof SelfAttentionBlock a) {
      return attention(a, x);
    } else if (block instanceof EncoderLayerBlock e) {
      String a = emit(e.attention(), x);
      String h = emit(e.norm1(), g.node("Add", List.of(x, a)));
      String f = emit(e.feedForward(), h);
      return emit(e.norm2(), g.node("Add", List.of(h, f)));
    } else if (block instanceof OpBlock o) {
      return op(o.layer(), x);
    }
    String what =
        block instanceof DescribedBlock d ? d.layer().toString() : block.getClass().getName();
    throw new IllegalArgumentException("no ONNX form for block " + what);
  }

  /** x·Wᵀ + b over the last axis (MatMul + Add, valid for any rank). */
  String linear(LinearBlock l, String x) {
    Layer.Linear spec = (Layer.Linear) l.layer();
    float[] w = l.weight().getArray().toFloatArray(); // [out, in]
    int in = spec.in();
    int out = spec.out();
    float[] wt = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        wt[i * out + o] = w[o * in + i];
      }
    }
    String y = g.node("MatMul", List.of(x, g.floats("linear_wt", wt, in, out)));
    if (l.bias() != null) {
      y = g.node("Add", List.of(y, weights(l.bias(), "linear_b")));
    }
    return y;
  }

  /** A parameterless layer. */
  String op(Layer layer, String x) {
    if (layer instanceof Layer.MaxFeatureMap) {
      List<String> halves = g.nodeN("Split", List.of(x), 2, attr("axis", 1L));
      return g.node("Max", halves);
    } else if (layer instanceof Layer.MaxPool2d p) {
      int pad = p.padding();
      return g.node(
          "MaxPool",
          List.of(x),
          attrs("kernel_shape", p.kernel(), p.kernel()),
          attrs("strides", p.stride(), p.stride()),
          attrs("pads", pad, pad, pad, pad));
    } else if (layer instanceof Layer.AdaptiveMaxPool2d a) {
      return windows(windows(x, a.rowWindows(), 2), a.columnWindows(), 3);
    } else if (layer instanceof Layer.Relu) {
      return g.node("Relu", List.of(x));
    } else if (layer instanceof Layer.LeakyRelu l) {
      return g.node("LeakyRelu", List.of(x), attr("alpha", (float) l.alpha()));
    } else if (layer instanceof Layer.Dropout) {
      return x;
    } else if (layer instanceof Layer.Flatten) {
      return g.node("Flatten", List.of(x), attr("axis", 1L));
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return g.node("Flatten", List.of(g.node("GlobalAveragePool", List.of(x))), attr("axis", 1L));
    }
    throw new IllegalArgumentException("no ONNX form for layer " + layer);
  }

  private String windows(String x, int[][] windows, int axis) {
    List<String> parts = new ArrayList<>();
    String axes = g.longs("axes", axis);
    for (int[] w : windows) {
      String slice =
          g.node("Slice", List.of(x, g.longs("start", w[0]), g.longs("end", w[1]), axes));
      parts.add(g.node("ReduceMax", List.of(slice), attrs("axes", axis), attr("keepdims", 1L)));
    }
    return g.node("Concat", parts, attr("axis", (long) axis));
  }

  private String attention(SelfAttentionBlock a, String x) {
    Layer.SelfAttention spec = (Layer.SelfAttention) a.layer();
    int h = spec.heads();
    int dh = spec.d() / h;
    String split = g.longs("heads_shape", 0, 0, h, dh);
    String q =
        g.node(
            "Transpose",
            List.of(g.node("Reshape", List.of(linear(a.query(), x), split))),
            attrs("perm", 0, 2, 1, 3));
    String kt =
        g.node(
            "Transpose",
            List.of(g.node("Reshape", List.of(linear(a.key(), x), split))),
            attrs("perm", 0, 2, 3, 1));
    String v =
        g.node(
            "Transpose",
            List.of(g.node("Reshape", List.of(linear(a.value(), x), split))),
            attrs("perm", 0, 2, 1, 3));
    String scores =
        g.node(
            "Div",
            List.of(g.node("MatMul", List.of(q, kt)), g.scalar("sqrt_dh", (float) Math.sqrt(dh))));
    String att = g.node("Softmax", List.of(scores), attr("axis", -1L));
    String ctx =
        g.node("Transpose", List.of(g.node("MatMul", List.of(att, v))), attrs("perm", 0, 2, 1, 3));
    String merged = g.node("Reshape", List.of(ctx, g.longs("merge_shape", 0, 0, spec.d())));
    return linear(a.output(), merged);
  }

  /** A parameter's current value as an initializer of the same shape. */
  String weights(Parameter p, String base) {
    return g.floats(base, p.getArray().toFloatArray(), p.getArray().getShape().getShape());
  }
}
