package dev.vigil.runtime.testing;

import ai.onnx.proto.OnnxMl;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.OnnxFile;
import dev.vigil.runtime.segment.SegmentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small but real ONNX models that follow the model contract (version 1), built with the ONNX
 * protobuf classes of tribuo-util-onnx (opset 17, IR 8), plus deliberately broken copies.
 *
 * <p>Each expert reduces its front end's features [N, 1, F, T] to two statistics, the mean m1 and
 * the mean of squares m2, and scores {@code sigmoid(w1·m1 + w2·m2 + b)}; the gate is a softmax over
 * a linear map (or a one-hidden-layer tanh MLP) of statistics of the features, or of the waveform
 * for the classic gate; the mixture is {@code Σ w_e·p_e}, calibrated by {@code sigmoid(a·logit(p) +
 * b)} inside the graph. {@link Spec#reference} computes the same numbers in plain Java (double
 * precision), independently of ONNX Runtime, so tests can check real scores.
 */
public final class TestModels {
  private TestModels() {}

  /** The model layouts. */
  public enum Variant {
    /** One expert on {@code logmel}, gate type {@code single}. */
    SINGLE_LOGMEL,
    /** Experts on {@code logmel} and {@code loglinear}, a tanh-MLP gate ({@code mlp}). */
    TWO_EXPERTS_MLP,
    /** Experts on {@code logmel} and {@code loglinear}, a gate that reads {@code waveform}. */
    CLASSIC_WAVEFORM
  }

  /** Deliberate contract violations. */
  public enum Defect {
    /** A valid model. */
    NONE,
    /** {@code vigil.contract_version} = 2. */
    CONTRACT_VERSION,
    /** {@code vigil.weights_sha256} of other weights. */
    WEIGHTS_SHA256,
    /** No {@code vigil.segment} key. */
    MISSING_METADATA,
    /** {@code vigil.thresholds} is not JSON. */
    MALFORMED_METADATA,
    /** The {@code logmel} input is declared [N, 1, 64, 301]. */
    INPUT_SHAPE,
    /** A {@code waveform} input while the gate type is not classic (metadata says {@code mlp}). */
    UNEXPECTED_WAVEFORM,
    /** Gate type {@code classic} in the metadata, but the graph has no {@code waveform} input. */
    MISSING_WAVEFORM,
    /** The graph does not output {@code gate_weights}. */
    MISSING_OUTPUT
  }

  /**
   * How a valid model misbehaves at run time; its outputs stay exactly the variant's (the hazard's
   * term adds zero), so {@link Spec#reference} still holds where a run succeeds.
   */
  public enum Hazard {
    /** None. */
    NONE,
    /**
     * ONNX Runtime fails a run whose batch holds a window that peaks at {@link #LOUD_PEAK} or
     * above: a Gather's index, computed from the batch's waveform as floor(peak / LOUD_PEAK), is
     * then out of range. Needs the waveform input ({@link Variant#CLASSIC_WAVEFORM}).
     */
    FAILS_WHEN_LOUD,
    /**
     * Each window adds {@link #SLOW_PRODUCTS} products of 301×301 matrices computed from its
     * log-mel features, whose mean is multiplied by zero: a run that takes measurable time.
     */
    SLOW
  }

  /** The peak amplitude (full scale 1) from which {@link Hazard#FAILS_WHEN_LOUD} fails a run. */
  public static final double LOUD_PEAK = 0.5;

  /** The 301×301 matrix products {@link Hazard#SLOW} adds per window. */
  public static final int SLOW_PRODUCTS = 160;

  /**
   * One expert's weights.
   *
   * @param name expert name
   * @param architecture architecture label for the metadata
   * @param feature index into {@link Spec#features()}
   * @param w1 weight of the mean
   * @param w2 weight of the mean of squares
   * @param bias bias
   */
  public record ExpertWeights(
      String name, String architecture, int feature, double w1, double w2, double bias) {}

  /**
   * The outputs of one segment.
   *
   * @param score calibrated P(spoof)
   * @param expertScores each expert's P(spoof)
   * @param gateWeights the gate's weights
   */
  public record Outputs(double score, double[] expertScores, double[] gateWeights) {}

  /**
   * Everything a test model computes, with its weights.
   *
   * @param variant the layout
   * @param features the front ends, one input each
   * @param experts the experts, in output order
   * @param gateType {@code single}, {@code mlp} or {@code classic}
   * @param gate1 first gate layer [in][hidden or E], row-major by input
   * @param gateBias1 first gate layer bias
   * @param gate2 second gate layer [hidden][E] (mlp only), else null
   * @param gateBias2 second gate layer bias (mlp only), else null
   * @param calibrationMethod {@code none}, {@code platt} or {@code temperature}
   * @param a calibration slope
   * @param b calibration offset
   */
  public record Spec(
      Variant variant,
      List<FeatureSpec> features,
      List<ExpertWeights> experts,
      String gateType,
      double[][] gate1,
      double[] gateBias1,
      double[][] gate2,
      double[] gateBias2,
      String calibrationMethod,
      double a,
      double b) {

    /**
     * The model's outputs for one segment, computed in plain Java.
     *
     * @param features one array per front end ([bins][frames] row-major), in {@link #features()}
     *     order
     * @param window the raw window (classic gate only; may be null otherwise)
     * @param offset where the window starts
     */
    public Outputs reference(float[][] features, float[] window, int offset) {
      double[][] stats = new double[features.length][];
      for (int f = 0; f < features.length; f++) {
        int n = this.features.get(f).bins() * this.features.get(f).frames();
        stats[f] = meanAndSquare(features[f], 0, n);
      }
      int e = experts.size();
      double[] p = new double[e];
      for (int i = 0; i < e; i++) {
        ExpertWeights w = experts.get(i);
        double[] s = stats[w.feature()];
        p[i] = sigmoid(w.w1() * s[0] + w.w2() * s[1] + w.bias());
      }
      double[] gateIn;
      if (gateType.equals("classic")) {
        gateIn = meanAndSquare(window, offset, SegmentConfig.defaults().windowSamples());
      } else {
        gateIn = new double[2 * stats.length];
        for (int f = 0; f < stats.length; f++) {
          gateIn[2 * f] = stats[f][0];
          gateIn[2 * f + 1] = stats[f][1];
        }
      }
      double[] h = affine(gateIn, gate1, gateBias1);
      if (gate2 != null) {
        for (int i = 0; i < h.length; i++) {
          h[i] = Math.tanh(h[i]);
        }
        h = affine(h, gate2, gateBias2);
      }
      double[] g = softmax(h);
      double mix = 0;
      for (int i = 0; i < e; i++) {
        mix += g[i] * p[i];
      }
      double q = Math.min(1 - 1e-7, Math.max(1e-7, mix));
      double score = sigmoid(a * (Math.log(q) - Math.log(1 - q)) + b);
      return new Outputs(score, p, g);
    }
  }

  /** The weights and layout of a variant. */
  public static Spec spec(Variant v) {
    FeatureSpec logmel = FeatureSpec.logmel();
    FeatureSpec loglinear = FeatureSpec.loglinear();
    return switch (v) {
      case SINGLE_LOGMEL ->
          new Spec(
              v,
              List.of(logmel),
              List.of(new ExpertWeights("lcnn_logmel", "lcnn", 0, 0.5, 0.08, -1.2)),
              "single",
              new double[][] {{0.0}, {0.0}},
              new double[] {0.0},
              null,
              null,
              "none",
              1.0,
              0.0);
      case TWO_EXPERTS_MLP ->
          new Spec(
              v,
              List.of(logmel, loglinear),
              List.of(
                  new ExpertWeights("lcnn_logmel", "lcnn", 0, 0.5, 0.08, -1.2),
                  new ExpertWeights("resnet18_loglinear", "resnet18", 1, 2.0, -1.5, 0.3)),
              "mlp",
              new double[][] {
                {0.3, -0.2, 0.1}, {0.05, 0.02, -0.04}, {1.0, -0.5, 0.7}, {-0.8, 0.6, 0.2}
              },
              new double[] {0.1, -0.1, 0.0},
              new double[][] {{1.2, -0.7}, {-0.9, 0.8}, {0.5, 0.4}},
              new double[] {0.0, 0.2},
              "platt",
              0.9,
              0.1);
      case CLASSIC_WAVEFORM ->
          new Spec(
              v,
              List.of(logmel, loglinear),
              List.of(
                  new ExpertWeights("lcnn_logmel", "lcnn", 0, 0.5, 0.08, -1.2),
                  new ExpertWeights("resnet18_loglinear", "resnet18", 1, 2.0, -1.5, 0.3)),
              "classic",
              new double[][] {{5.0, -5.0}, {40.0, -40.0}},
              new double[] {0.1, -0.1},
              null,
              null,
              "temperature",
              0.7,
              0.0);
    };
  }

  /** A valid model of the variant, serialized. */
  public static byte[] bytes(Variant v) {
    return bytes(v, Defect.NONE);
  }

  /** A model of the variant with a defect, serialized. */
  public static byte[] bytes(Variant v, Defect defect) {
    return bytes(v, defect, Hazard.NONE);
  }

  /** A valid model of the variant with a run-time hazard, serialized. */
  public static byte[] bytes(Variant v, Hazard hazard) {
    return bytes(v, Defect.NONE, hazard);
  }

  private static byte[] bytes(Variant v, Defect defect, Hazard hazard) {
    Spec spec = spec(v);
    if (hazard == Hazard.FAILS_WHEN_LOUD && !spec.gateType().equals("classic")) {
      throw new IllegalArgumentException(v + ": FAILS_WHEN_LOUD needs the waveform input");
    }
    OnnxMl.ModelProto model = graph(spec, defect, hazard);
    byte[] plain = model.toByteArray();
    try {
      String sha = OnnxFile.weightsSha256(plain);
      Map<String, String> meta = metadata(spec, sha, defect);
      return OnnxFile.withMetadata(plain, meta);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a valid model of the variant to {@code dir/<variant>.onnx}. */
  public static Path write(Path dir, Variant v) throws IOException {
    return write(dir, v, Defect.NONE);
  }

  /** Writes a model of the variant with a defect to {@code dir/<variant>-<defect>.onnx}. */
  public static Path write(Path dir, Variant v, Defect defect) throws IOException {
    return write(dir, v, defect, Hazard.NONE);
  }

  /** Writes a valid model of the variant with a hazard to {@code dir/<variant>-<hazard>.onnx}. */
  public static Path write(Path dir, Variant v, Hazard hazard) throws IOException {
    return write(dir, v, Defect.NONE, hazard);
  }

  private static Path write(Path dir, Variant v, Defect defect, Hazard hazard) throws IOException {
    Files.createDirectories(dir);
    String name = v.name().toLowerCase(Locale.ROOT);
    if (defect != Defect.NONE) {
      name += "-" + defect.name().toLowerCase(Locale.ROOT);
    }
    if (hazard != Hazard.NONE) {
      name += "-" + hazard.name().toLowerCase(Locale.ROOT);
    }
    Path p = dir.resolve(name + ".onnx");
    Files.write(p, bytes(v, defect, hazard));
    return p;
  }

  /** The metadata a test model carries (all keys of contract version 1). */
  public static Map<String, String> metadata(Spec spec, String sha, Defect defect) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        ModelContract.KEY_CONTRACT_VERSION,
        defect == Defect.CONTRACT_VERSION ? "2" : Integer.toString(ModelContract.CONTRACT_VERSION));
    List<String> specs = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      specs.add(f.toJson());
    }
    m.put(ModelContract.KEY_FEATURES, "[" + String.join(",", specs) + "]");
    if (defect != Defect.MISSING_METADATA) {
      m.put(
          ModelContract.KEY_SEGMENT,
          "{\"sample_rate\":16000,\"window_samples\":48000,\"hop_samples\":24000,"
              + "\"hop_min_samples\":4800,\"hop_max_samples\":48000,\"min_duration_s\":1.0,"
              + "\"silence_floor_dbfs\":-60.0}");
    }
    List<String> experts = new ArrayList<>();
    for (ExpertWeights e : spec.experts()) {
      experts.add(
          String.format(
              Locale.ROOT,
              "{\"name\":\"%s\",\"architecture\":\"%s\",\"feature\":\"%s\",\"parameters\":3,"
                  + "\"config\":{\"test_model\":true}}",
              e.name(),
              e.architecture(),
              spec.features().get(e.feature()).name()));
    }
    m.put(ModelContract.KEY_EXPERTS, "[" + String.join(",", experts) + "]");
    String gateType = spec.gateType();
    if (defect == Defect.UNEXPECTED_WAVEFORM) {
      gateType = "mlp";
    } else if (defect == Defect.MISSING_WAVEFORM) {
      gateType = "classic";
    }
    m.put(
        ModelContract.KEY_GATE,
        "{\"type\":\""
            + gateType
            + "\",\"parameters\":"
            + gateParameters(spec)
            + ",\"config\":{}}");
    m.put(
        ModelContract.KEY_THRESHOLDS,
        defect == Defect.MALFORMED_METADATA
            ? "{eer: 0.5"
            : "{\"eer\":0.5,\"fpr_1pct\":0.7,\"default\":\"eer\"}");
    m.put(
        ModelContract.KEY_CALIBRATION,
        String.format(
            Locale.ROOT,
            "{\"method\":\"%s\",\"a\":%s,\"b\":%s}",
            spec.calibrationMethod(),
            spec.a(),
            spec.b()));
    m.put(
        ModelContract.KEY_PROVENANCE,
        "{\"model_name\":\"test-"
            + spec.variant().name().toLowerCase(Locale.ROOT)
            + "\",\"model_version\":\"0.0.1-test\",\"data\":[{\"name\":\"synthetic\",\"bonafide\":0,"
            + "\"spoof\":0,\"licenses\":[\"CC0-1.0\"]}],\"recipe\":{\"kind\":\"hand-set weights\"},"
            + "\"augmentations\":[],\"commit\":\"test\",\"date\":\"2026-01-01\"}");
    m.put(
        ModelContract.KEY_METRICS,
        "{\"validation\":{\"eer\":0.5,\"auc\":0.5,\"balanced_accuracy\":0.5}}");
    m.put(
        ModelContract.KEY_PARITY,
        "{\"max_abs_score\":0.0,\"max_abs_expert_scores\":0.0,\"max_abs_gate_weights\":0.0,"
            + "\"segments\":0,\"random_inputs\":0}");
    String recorded = sha;
    if (defect == Defect.WEIGHTS_SHA256) {
      char c = sha.charAt(0) == '0' ? '1' : '0';
      recorded = c + sha.substring(1);
    }
    m.put(ModelContract.KEY_WEIGHTS_SHA256, recorded);
    return m;
  }

  private static int gateParameters(Spec spec) {
    int n = spec.gate1().length * spec.gateBias1().length + spec.gateBias1().length;
    if (spec.gate2() != null) {
      n += spec.gate2().length * spec.gateBias2().length + spec.gateBias2().length;
    }
    return n;
  }

  // ---- graph ----

  private static OnnxMl.ModelProto graph(Spec spec, Defect defect, Hazard hazard) {
    Graph g = new Graph();
    List<String> statNames = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      int bins = defect == Defect.INPUT_SHAPE && f.name().equals("logmel") ? 64 : f.bins();
      g.input(f.name(), -1, 1, bins, f.frames());
      statNames.add(g.stats(f.name(), new long[] {1, 2, 3}));
    }
    boolean waveform =
        spec.gateType().equals("classic") && defect != Defect.MISSING_WAVEFORM
            || defect == Defect.UNEXPECTED_WAVEFORM;
    String waveStats = null;
    if (waveform) {
      g.input(ModelContract.INPUT_WAVEFORM, -1, SegmentConfig.defaults().windowSamples());
      waveStats = g.stats(ModelContract.INPUT_WAVEFORM, new long[] {1});
    }
    List<String> logits = new ArrayList<>();
    for (int i = 0; i < spec.experts().size(); i++) {
      ExpertWeights e = spec.experts().get(i);
      String w =
          g.init(
              "expert" + i + "_w", new long[] {2, 1}, new float[] {(float) e.w1(), (float) e.w2()});
      String b = g.init("expert" + i + "_b", new long[] {1}, new float[] {(float) e.bias()});
      logits.add(g.node("Gemm", new String[] {statNames.get(e.feature()), w, b}));
    }
    String expertLogits =
        logits.size() == 1
            ? logits.get(0)
            : g.node("Concat", logits.toArray(new String[0]), Graph.ints("axis", 1));
    g.nodeNamed("Sigmoid", ModelContract.OUTPUT_EXPERT_SCORES, new String[] {expertLogits});
    String gateIn;
    if (spec.gateType().equals("classic")) {
      gateIn = waveStats != null ? waveStats : statNames.get(0);
      if (waveStats == null) {
        // MISSING_WAVEFORM: keep the graph valid with a feature-based gate of the same size
        gateIn = statNames.get(0);
      }
    } else {
      gateIn =
          statNames.size() == 1
              ? statNames.get(0)
              : g.node("Concat", statNames.toArray(new String[0]), Graph.ints("axis", 1));
    }
    if (waveStats != null && !spec.gateType().equals("classic")) {
      // UNEXPECTED_WAVEFORM: the waveform feeds nothing that matters, but must be consumed
      String zero = g.init("wave_zero", new long[] {}, new float[] {0f});
      String scaled = g.node("Mul", new String[] {waveStats, zero});
      gateIn =
          g.node(
              "Add",
              new String[] {
                gateIn,
                g.node(
                    "ReduceSum",
                    new String[] {scaled, g.initLong("wave_axes", new long[] {1})},
                    Graph.ints("keepdims", 1))
              });
    }
    String h =
        g.node(
            "Gemm",
            new String[] {
              gateIn,
              g.init("gate1_w", spec.gate1()),
              g.init("gate1_b", new long[] {spec.gateBias1().length}, floats(spec.gateBias1()))
            });
    if (spec.gate2() != null) {
      h = g.node("Tanh", new String[] {h});
      h =
          g.node(
              "Gemm",
              new String[] {
                h,
                g.init("gate2_w", spec.gate2()),
                g.init("gate2_b", new long[] {spec.gateBias2().length}, floats(spec.gateBias2()))
              });
    }
    g.nodeNamed(
        "Softmax", ModelContract.OUTPUT_GATE_WEIGHTS, new String[] {h}, Graph.ints("axis", 1));
    String weighted =
        g.node(
            "Mul",
            new String[] {ModelContract.OUTPUT_GATE_WEIGHTS, ModelContract.OUTPUT_EXPERT_SCORES});
    String mix =
        g.node(
            "ReduceSum",
            new String[] {weighted, g.initLong("mix_axes", new long[] {1})},
            Graph.ints("keepdims", 0));
    String clipped =
        g.node(
            "Clip",
            new String[] {
              mix,
              g.init("clip_lo", new long[] {}, new float[] {1e-7f}),
              g.init("clip_hi", new long[] {}, new float[] {1 - 1e-7f})
            });
    String one = g.init("one", new long[] {}, new float[] {1f});
    String logit =
        g.node(
            "Sub",
            new String[] {
              g.node("Log", new String[] {clipped}),
              g.node("Log", new String[] {g.node("Sub", new String[] {one, clipped})})
            });
    String z =
        g.node(
            "Add",
            new String[] {
              g.node(
                  "Mul",
                  new String[] {
                    logit, g.init("cal_a", new long[] {}, new float[] {(float) spec.a()})
                  }),
              g.init("cal_b", new long[] {}, new float[] {(float) spec.b()})
            });
    z =
        switch (hazard) {
          case NONE -> z;
          case FAILS_WHEN_LOUD -> g.node("Add", new String[] {z, g.failsWhenLoud()});
          case SLOW -> g.node("Add", new String[] {z, g.slowZero(spec.features().get(0).name())});
        };
    g.nodeNamed("Sigmoid", ModelContract.OUTPUT_SCORE, new String[] {z});
    int e = spec.experts().size();
    g.output(ModelContract.OUTPUT_SCORE, -1);
    g.output(ModelContract.OUTPUT_EXPERT_SCORES, -1, e);
    if (defect != Defect.MISSING_OUTPUT) {
      g.output(ModelContract.OUTPUT_GATE_WEIGHTS, -1, e);
    }
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("vigil-test-models")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(g.build("vigil_test_" + spec.variant().name().toLowerCase(Locale.ROOT)))
        .build();
  }

  private static float[] floats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  // ---- plain-Java reference helpers ----

  static double[] meanAndSquare(float[] x, int off, int n) {
    double s = 0;
    double s2 = 0;
    for (int i = off; i < off + n; i++) {
      s += x[i];
      s2 += (double) x[i] * x[i];
    }
    return new double[] {s / n, s2 / n};
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double[] affine(double[] x, double[][] w, double[] b) {
    double[] y = b.clone();
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < y.length; j++) {
        y[j] += x[i] * w[i][j];
      }
    }
    return y;
  }

  static double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.exp(x[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < x.length; i++) {
      y[i] /= sum;
    }
    return y;
  }

  /** A tiny graph builder over the ONNX protobuf classes. */
  private static final class Graph {
    private final OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder();
    private int counter;

    static OnnxMl.AttributeProto ints(String name, long value) {
      return OnnxMl.AttributeProto.newBuilder()
          .setName(name)
          .setType(OnnxMl.AttributeProto.AttributeType.INT)
          .setI(value)
          .build();
    }

    static OnnxMl.AttributeProto intList(String name, long[] values) {
      OnnxMl.AttributeProto.Builder b =
          OnnxMl.AttributeProto.newBuilder()
              .setName(name)
              .setType(OnnxMl.AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return b.build();
    }

    void input(String name, long... dims) {
      g.addInput(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
      g.addOutput(valueInfo(name, dims));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
      OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
      for (long d : dims) {
        OnnxMl.TensorShapeProto.Dimension.Builder dim =
            OnnxMl.TensorShapeProto.Dimension.newBuilder();
        if (d < 0) {
          dim.setDimParam("N");
        } else {
          dim.setDimValue(d);
        }
        shape.addDim(dim);
      }
      return OnnxMl.ValueInfoProto.newBuilder()
          .setName(name)
          .setType(
              OnnxMl.TypeProto.newBuilder()
                  .setTensorType(
                      OnnxMl.TypeProto.Tensor.newBuilder()
                          .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                          .setShape(shape)))
          .build();
    }

    String init(String name, long[] dims, float[] values) {
      OnnxMl.TensorProto.Builder t =
          OnnxMl.TensorProto.newBuilder()
              .setName(name)
              .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
      for (long d : dims) {
        t.addDims(d);
      }
      for (float v : values) {
        t.addFloatData(v);
      }
      g.addInitializer(t);
      return name;
    }

    String init(String name, double[][] matrix) {
      int rows = matrix.length;
      int cols = matrix[0].length;
      float[] v = new float[rows * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          v[i * cols + j] = (float) matrix[i][j];
        }
      }
      return init(name, new long[] {rows, cols}, v);
    }

    String initLong(String name, long[] values) {
      OnnxMl.TensorProto.Builder t =
          OnnxMl.TensorProto.newBuilder()
              .setName(name)
              .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
              .addDims(values.length);
      for (long v : values) {
        t.addInt64Data(v);
      }
      g.addInitializer(t);
      return name;
    }

    String node(String op, String[] inputs, OnnxMl.AttributeProto... attrs) {
      return nodeNamed(op, op.toLowerCase(Locale.ROOT) + "_" + counter++, inputs, attrs);
    }

    String nodeNamed(String op, String output, String[] inputs, OnnxMl.AttributeProto... attrs) {
      OnnxMl.NodeProto.Builder n =
          OnnxMl.NodeProto.newBuilder().setOpType(op).setName("n" + counter++);
      for (String in : inputs) {
        n.addInput(in);
      }
      n.addOutput(output);
      for (OnnxMl.AttributeProto a : attrs) {
        n.addAttribute(a);
      }
      g.addNode(n);
      return output;
    }

    /** [N, 2]: the mean and the mean of squares of {@code x} over {@code axes}. */
    String stats(String x, long[] axes) {
      String m1 = node("ReduceMean", new String[] {x}, intList("axes", axes), ints("keepdims", 1));
      String sq = node("Mul", new String[] {x, x});
      String m2 = node("ReduceMean", new String[] {sq}, intList("axes", axes), ints("keepdims", 1));
      String both = node("Concat", new String[] {m1, m2}, ints("axis", 1));
      return node("Flatten", new String[] {both}, ints("axis", 1));
    }

    /**
     * A scalar 0 that ONNX Runtime fails to compute when the batch's waveform peaks at {@link
     * #LOUD_PEAK} or above: Gather([0], floor(peak / LOUD_PEAK)) is out of range then.
     */
    String failsWhenLoud() {
      String peak =
          node(
              "ReduceMax",
              new String[] {node("Abs", new String[] {ModelContract.INPUT_WAVEFORM})},
              ints("keepdims", 0));
      String scaled =
          node(
              "Mul",
              new String[] {
                peak, init("loud_scale", new long[] {}, new float[] {(float) (1 / LOUD_PEAK)})
              });
      String index =
          node(
              "Cast",
              new String[] {node("Floor", new String[] {scaled})},
              ints("to", OnnxMl.TensorProto.DataType.INT64.getNumber()));
      return node(
          "Gather", new String[] {init("loud_zero", new long[] {1}, new float[] {0f}), index});
    }

    /**
     * A scalar 0 that costs {@link #SLOW_PRODUCTS} 301×301 matrix products per window: y =
     * tanh(xᵀx) of the feature {@code x} [N, 1, F, 301], then y = tanh(y·y) again and again, its
     * mean times zero. Every value stays in [-1, 1], so the product is an exact 0.
     */
    String slowZero(String feature) {
      String xt =
          node("Transpose", new String[] {feature}, intList("perm", new long[] {0, 1, 3, 2}));
      String y = node("Tanh", new String[] {node("MatMul", new String[] {xt, feature})});
      for (int i = 0; i < SLOW_PRODUCTS; i++) {
        y = node("Tanh", new String[] {node("MatMul", new String[] {y, y})});
      }
      String mean = node("ReduceMean", new String[] {y}, ints("keepdims", 0));
      return node("Mul", new String[] {mean, init("slow_zero", new long[] {}, new float[] {0f})});
    }

    OnnxMl.GraphProto build(String name) {
      return g.setName(name).build();
    }
  }
}
