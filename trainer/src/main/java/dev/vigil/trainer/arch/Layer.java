package dev.vigil.trainer.arch;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;

/**
 * The shared layer description: a small JSON-serialisable tree. {@link LayerBlocks#build(Layer)}
 * turns it into DJL blocks, and the exporter turns the same tree into ONNX nodes. Shapes exclude
 * the batch dimension; {@link #outputShape(long[])} checks and propagates them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Layer.Conv2d.class, name = "conv2d"),
  @JsonSubTypes.Type(value = Layer.BatchNorm.class, name = "batch_norm"),
  @JsonSubTypes.Type(value = Layer.MaxFeatureMap.class, name = "mfm"),
  @JsonSubTypes.Type(value = Layer.MaxPool2d.class, name = "max_pool2d"),
  @JsonSubTypes.Type(value = Layer.AdaptiveMaxPool2d.class, name = "adaptive_max_pool2d"),
  @JsonSubTypes.Type(value = Layer.Linear.class, name = "linear"),
  @JsonSubTypes.Type(value = Layer.Relu.class, name = "relu"),
  @JsonSubTypes.Type(value = Layer.LeakyRelu.class, name = "leaky_relu"),
  @JsonSubTypes.Type(value = Layer.Dropout.class, name = "dropout"),
  @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
  @JsonSubTypes.Type(value = Layer.GlobalAvgPool.class, name = "global_avg_pool"),
  @JsonSubTypes.Type(value = Layer.BasicBlock.class, name = "basic_block"),
  @JsonSubTypes.Type(value = Layer.LayerNorm.class, name = "layer_norm"),
  @JsonSubTypes.Type(value = Layer.SelfAttention.class, name = "self_attention"),
  @JsonSubTypes.Type(value = Layer.EncoderLayer.class, name = "encoder_layer"),
  @JsonSubTypes.Type(value = Layer.Sequential.class, name = "sequential")
})
public sealed interface Layer {

  /**
   * Output shape (without batch) for an input shape (without batch).
   *
   * @throws IllegalArgumentException when the input shape does not fit this layer
   */
  long[] outputShape(long[] in);

  /** Number of trainable parameters (BatchNorm running statistics excluded). */
  long parameters();

  /** 2-D convolution over [C, H, W], square kernel, OIHW weights. */
  record Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias)
      implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      need(s, 3, this);
      if (s[0] != in) {
        throw bad(this, s);
      }
      return new long[] {
        out,
        (s[1] + 2L * padding - kernel) / stride + 1,
        (s[2] + 2L * padding - kernel) / stride + 1
      };
    }

    @Override
    public long parameters() {
      return (long) out * in * kernel * kernel + (bias ? out : 0);
    }
  }

  /**
   * Batch normalisation over axis 1 of [C] or [C, H, W]. {@code momentum} is PyTorch's (weight of
   * the new batch statistic, 0.1 by default).
   */
  record BatchNorm(int channels, double eps, double momentum) implements Layer {
    /** PyTorch defaults: eps 1e-5, momentum 0.1. */
    public static BatchNorm of(int channels) {
      return new BatchNorm(channels, 1e-5, 0.1);
    }

    @Override
    public long[] outputShape(long[] s) {
      if (s.length < 1 || s[0] != channels) {
        throw bad(this, s);
      }
      return s.clone();
    }

    @Override
    public long parameters() {
      return 2L * channels;
    }
  }

  /** Max-Feature-Map: splits axis 1 in two halves and keeps the elementwise maximum. */
  record MaxFeatureMap() implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      if (s.length < 1 || s[0] % 2 != 0) {
        throw bad(this, s);
      }
      long[] o = s.clone();
      o[0] = s[0] / 2;
      return o;
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /** Max pooling over [C, H, W], square kernel, no ceil mode, padding counts as -inf. */
  record MaxPool2d(int kernel, int stride, int padding) implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      need(s, 3, this);
      return new long[] {
        s[0],
        (s[1] + 2L * padding - kernel) / stride + 1,
        (s[2] + 2L * padding - kernel) / stride + 1
      };
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /**
   * Adaptive max pooling [C, inH, inW] → [C, outH, outW] for a FIXED input size, resolved to
   * PyTorch's window table: window i covers [floor(i·In/Out), ceil((i+1)·In/Out)).
   */
  record AdaptiveMaxPool2d(int outH, int outW, int inH, int inW) implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      need(s, 3, this);
      if (s[1] != inH || s[2] != inW) {
        throw bad(this, s);
      }
      return new long[] {s[0], outH, outW};
    }

    @Override
    public long parameters() {
      return 0;
    }

    /** Window {start, end} (end exclusive) of each output row. */
    public int[][] rowWindows() {
      return windows(inH, outH);
    }

    /** Window {start, end} (end exclusive) of each output column. */
    public int[][] columnWindows() {
      return windows(inW, outW);
    }

    /**
     * PyTorch's adaptive pooling windows for an axis of length {@code in} pooled to {@code out}.
     */
    public static int[][] windows(int in, int out) {
      int[][] w = new int[out][];
      for (int i = 0; i < out; i++) {
        int start = Math.floorDiv(i * in, out);
        int end = -Math.floorDiv(-(i + 1) * in, out);
        w[i] = new int[] {start, end};
      }
      return w;
    }
  }

  /** Fully connected layer over the last axis; weight [out, in]. */
  record Linear(int in, int out, boolean bias) implements Layer {
    /** With bias. */
    public static Linear of(int in, int out) {
      return new Linear(in, out, true);
    }

    @Override
    public long[] outputShape(long[] s) {
      if (s.length < 1 || s[s.length - 1] != in) {
        throw bad(this, s);
      }
      long[] o = s.clone();
      o[o.length - 1] = out;
      return o;
    }

    @Override
    public long parameters() {
      return (long) in * out + (bias ? out : 0);
    }
  }

  /** max(x, 0). */
  record Relu() implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      return s.clone();
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /** x for x ≥ 0, alpha·x otherwise (PyTorch default alpha 0.01). */
  record LeakyRelu(double alpha) implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      return s.clone();
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /** Dropout with drop probability p while training; identity at inference (and in ONNX). */
  record Dropout(double p) implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      return s.clone();
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /** Flattens everything after the batch axis. */
  record Flatten() implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      long n = 1;
      for (long d : s) {
        n *= d;
      }
      return new long[] {n};
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /** Mean over H and W of [C, H, W], giving [C]. */
  record GlobalAvgPool() implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      need(s, 3, this);
      return new long[] {s[0]};
    }

    @Override
    public long parameters() {
      return 0;
    }
  }

  /**
   * Torchvision-style residual block: conv3×3(stride)-BN-ReLU-conv3×3-BN plus shortcut, ReLU. The
   * shortcut is 1×1 conv(stride, no bias) + BN when the stride or channel count changes.
   */
  record BasicBlock(int in, int out, int stride) implements Layer {
    /** Main path layers in order: conv1, bn1, relu, conv2, bn2. */
    public List<Layer> mainPath() {
      return List.of(
          new Conv2d(in, out, 3, stride, 1, false),
          BatchNorm.of(out),
          new Relu(),
          new Conv2d(out, out, 3, 1, 1, false),
          BatchNorm.of(out));
    }

    /** Shortcut layers: empty (identity) or 1×1 conv + BN. */
    public List<Layer> shortcut() {
      if (stride == 1 && in == out) {
        return List.of();
      }
      return List.of(new Conv2d(in, out, 1, stride, 0, false), BatchNorm.of(out));
    }

    @Override
    public long[] outputShape(long[] s) {
      long[] o = s;
      for (Layer l : mainPath()) {
        o = l.outputShape(o);
      }
      return o;
    }

    @Override
    public long parameters() {
      long n = 0;
      for (Layer l : mainPath()) {
        n += l.parameters();
      }
      for (Layer l : shortcut()) {
        n += l.parameters();
      }
      return n;
    }
  }

  /** Layer normalisation over the last axis (size d) with scale and shift. */
  record LayerNorm(int d, double eps) implements Layer {
    @Override
    public long[] outputShape(long[] s) {
      if (s.length < 1 || s[s.length - 1] != d) {
        throw bad(this, s);
      }
      return s.clone();
    }

    @Override
    public long parameters() {
      return 2L * d;
    }
  }

  /**
   * Multi-head scaled dot-product self-attention over [S, d] tokens: Q, K, V and output projections
   * (Linear d→d with bias), softmax over keys, attention dropout p while training.
   */
  record SelfAttention(int d, int heads, double dropout) implements Layer {
    /** Projections in order: query, key, value, output. */
    public List<Linear> projections() {
      return List.of(Linear.of(d, d), Linear.of(d, d), Linear.of(d, d), Linear.of(d, d));
    }

    @Override
    public long[] outputShape(long[] s) {
      if (s.length != 2 || s[1] != d || d % heads != 0) {
        throw bad(this, s);
      }
      return s.clone();
    }

    @Override
    public long parameters() {
      return 4L * (d * (long) d + d);
    }
  }

  /**
   * Post-norm transformer encoder layer (PyTorch {@code norm_first=False}): x = LN1(x +
   * Drop(SelfAttn(x))); x = LN2(x + Drop(Linear2(Drop(ReLU(Linear1(x)))))).
   */
  record EncoderLayer(int d, int heads, int ff, double dropout, double eps) implements Layer {
    /** The attention part. */
    public SelfAttention attention() {
      return new SelfAttention(d, heads, dropout);
    }

    /** Feed-forward layers in order: Linear(d→ff), ReLU, Dropout, Linear(ff→d). */
    public List<Layer> feedForward() {
      return List.of(Linear.of(d, ff), new Relu(), new Dropout(dropout), Linear.of(ff, d));
    }

    /** The two norms (after attention, after feed-forward). */
    public List<LayerNorm> norms() {
      return List.of(new LayerNorm(d, eps), new LayerNorm(d, eps));
    }

    @Override
    public long[] outputShape(long[] s) {
      return attention().outputShape(s);
    }

    @Override
    public long parameters() {
      long n = attention().parameters() + 4L * d;
      for (Layer l : feedForward()) {
        n += l.parameters();
      }
      return n;
    }
  }

  /** Layers applied one after the other. */
  record Sequential(List<Layer> layers) implements Layer {
    /** Copies the list. */
    public Sequential {
      layers = List.copyOf(layers);
    }

    @Override
    public long[] outputShape(long[] s) {
      long[] o = s;
      for (Layer l : layers) {
        o = l.outputShape(o);
      }
      return o;
    }

    @Override
    public long parameters() {
      long n = 0;
      for (Layer l : layers) {
        n += l.parameters();
      }
      return n;
    }
  }

  private static void need(long[] s, int rank, Layer l) {
    if (s.length != rank) {
      throw bad(l, s);
    }
  }

  private static IllegalArgumentException bad(Layer l, long[] s) {
    return new IllegalArgumentException(
        "layer "
            + l
            + " cannot take an input of shape "
            + Arrays.toString(s)
            + " (batch excluded)");
  }
}
