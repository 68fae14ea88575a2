package dev.vigil.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixtureNetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static MixtureSpec threeExperts(String gate) {
    return new MixtureSpec(
        List.of(
            ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4),
            ExpertSpec.resnet18("resnet_logmel_b", FeatureSpec.logmel(), 8),
            ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
        GateSpec.of(gate),
        Calibration.none());
  }

  static NDList randomInputs(NDManager m, MixtureNet net, int n) {
    NDList in = new NDList();
    for (Shape s : net.inputShapes(n)) {
      in.add(m.randomNormal(s));
    }
    return in;
  }

  @Test
  void inputNamesAreDistinctFeaturesThenWaveformForClassic() {
    assertEquals(List.of("logmel", "loglinear"), threeExperts("mlp").inputNames());
    assertEquals(List.of("logmel", "loglinear", "waveform"), threeExperts("classic").inputNames());
    assertArrayEquals(new long[] {48000}, threeExperts("classic").inputShape("waveform"));
    assertArrayEquals(new long[] {1, 257, 301}, threeExperts("mlp").inputShape("loglinear"));
  }

  @Test
  void everyGateGivesWeightsSummingToOneAndTheMixtureOfExpertScores() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (String gate : List.of("classic", "mlp", "attention")) {
        MixtureNet net = Architectures.mixture(threeExperts(gate));
        net.initialize(m, DataType.FLOAT32, net.inputShapes(2));
        NDList out = net.forward(new ParameterStore(m, false), randomInputs(m, net, 2), false);
        assertEquals(new Shape(2), out.get(0).getShape());
        assertEquals(new Shape(2, 3), out.get(1).getShape());
        assertEquals(new Shape(2, 3), out.get(2).getShape());
        assertEquals(new Shape(2, 2), out.get(3).getShape());
        float[] score = out.get(0).toFloatArray();
        float[] es = out.get(1).toFloatArray();
        float[] w = out.get(2).toFloatArray();
        float[] logPmix = out.get(3).toFloatArray();
        for (int n = 0; n < 2; n++) {
          double sum = 0;
          double mix = 0;
          for (int e = 0; e < 3; e++) {
            sum += w[n * 3 + e];
            mix += w[n * 3 + e] * es[n * 3 + e];
          }
          assertEquals(1.0, sum, 1e-5, gate);
          assertEquals(mix, score[n], 1e-5, gate);
          assertEquals(mix, Math.exp(logPmix[n * 2 + 1]), 1e-5, gate);
          assertEquals(1 - mix, Math.exp(logPmix[n * 2]), 1e-5, gate);
        }
      }
    }
  }

  @Test
  void calibrationIsAppliedToTheLogitOfTheMixture() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureSpec plain = threeExperts("mlp");
      MixtureNet a = Architectures.mixture(plain);
      a.initialize(m, DataType.FLOAT32, a.inputShapes(2));
      MixtureNet b =
          Architectures.mixture(plain.withCalibration(new Calibration("platt", 0.5, -1)));
      b.initialize(m, DataType.FLOAT32, b.inputShapes(2));
      for (int i = 0; i < a.getParameters().size(); i++) {
        b.getParameters()
            .valueAt(i)
            .getArray()
            .set(a.getParameters().valueAt(i).getArray().toFloatArray());
      }
      NDList in = randomInputs(m, a, 2);
      float[] p = a.forward(new ParameterStore(m, false), in, false).get(0).toFloatArray();
      float[] s = b.forward(new ParameterStore(m, false), in, false).get(0).toFloatArray();
      for (int n = 0; n < 2; n++) {
        double logit = Math.log(p[n] / (1 - p[n]));
        assertEquals(1 / (1 + Math.exp(-(0.5 * logit - 1))), s[n], 1e-5);
      }
    }
  }

  @Test
  void singleExpertHasWeightOneAndScoreEqualToItsSoftmax() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureNet net =
          Architectures.mixture(MixtureSpec.single(ExpertSpec.lcnn("l", FeatureSpec.logmel())));
      net.initialize(m, DataType.FLOAT32, net.inputShapes(2));
      NDList in = randomInputs(m, net, 2);
      NDList out = net.forward(new ParameterStore(m, false), in, false);
      NDArray logits = net.expert(0).forward(new ParameterStore(m, false), in, false).get(0);
      assertArrayEquals(new float[] {1, 1}, out.get(2).toFloatArray());
      assertArrayEquals(
          logits.softmax(1).get(":, 1").toFloatArray(), out.get(0).toFloatArray(), 1e-6f);
    }
  }

  @Test
  void expertReturnsLogitsAndTheEmbeddingAfterTheLastBatchNorm() {
    ExpertLayout layout = ExpertLayout.of(ExpertSpec.lcnn("l", FeatureSpec.logmel()));
    List<Layer> body = layout.body().layers();
    assertEquals(Layer.BatchNorm.of(64), body.get(body.size() - 1));
    assertInstanceOf(Layer.MaxFeatureMap.class, body.get(body.size() - 2));
    assertEquals(Layer.Linear.of(4096, 128), body.get(body.size() - 3));
    try (NDManager m = NDManager.newBaseManager()) {
      ExpertNet net = Architectures.expert(ExpertSpec.lcnn("l", FeatureSpec.loglinear()));
      net.initialize(m, DataType.FLOAT32, net.inputShape(3));
      NDList out =
          net.forward(
              new ParameterStore(m, false), new NDList(m.randomNormal(net.inputShape(3))), false);
      assertEquals(new Shape(3, 2), out.get(0).getShape());
      assertEquals(new Shape(3, 64), out.get(1).getShape());
    }
  }

  @Test
  void frozenExpertsKeepTheirBatchNormStatisticsWhileUnfrozenOnesMoveByPyTorchMomentum() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureNet net = Architectures.mixture(threeExperts("mlp"));
      net.initialize(m, DataType.FLOAT32, net.inputShapes(4));
      BatchNormBlock firstBn = (BatchNormBlock) net.expert(1).body().steps().get(1);
      float[] before = firstBn.runningMean().getArray().toFloatArray();
      net.setExpertsFrozen(true);
      assertFalse(firstBn.gamma().requiresGradient());
      net.forward(new ParameterStore(m, false), randomInputs(m, net, 4), true);
      assertArrayEquals(before, firstBn.runningMean().getArray().toFloatArray());

      net.setExpertsFrozen(false);
      assertTrue(firstBn.gamma().requiresGradient());
      assertFalse(firstBn.runningMean().requiresGradient());
      assertFalse(firstBn.runningVar().requiresGradient());
      // running_mean = 0.9 * 0 + 0.1 * batch mean (PyTorch momentum 0.1)
      NDList in = randomInputs(m, net, 4);
      NDArray conv =
          net.expert(1)
              .body()
              .steps()
              .get(0)
              .forward(new ParameterStore(m, false), new NDList(in.get(0)), false)
              .head();
      long c0 = conv.getShape().get(1);
      float[] batchMean =
          conv.transpose(1, 0, 2, 3).reshape(c0, -1).mean(new int[] {1}).toFloatArray();
      net.forward(new ParameterStore(m, false), in, true);
      float[] after = firstBn.runningMean().getArray().toFloatArray();
      for (int c = 0; c < after.length; c++) {
        assertEquals(0.1 * batchMean[c], after[c], 1e-5);
      }
    }
  }

  @Test
  void wrongInputShapesAreRefusedNamingTheExpectedShape() {
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureNet net = Architectures.mixture(threeExperts("mlp"));
      net.initialize(m, DataType.FLOAT32, net.inputShapes(1));
      NDList in = new NDList(m.zeros(new Shape(2, 1, 64, 301)), m.zeros(new Shape(2, 1, 257, 301)));
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> net.forward(new ParameterStore(m, false), in, false));
      assertTrue(
          e.getMessage()
              .contains(
                  "mixture input logmel must have shape (-1, 1, 80, 301) (-1 = any batch), got (2, 1, 64, 301)"),
          e.getMessage());
    }
  }

  @Test
  void specsRoundTripThroughJson() throws Exception {
    MixtureSpec spec =
        threeExperts("attention").withCalibration(new Calibration("temperature", 0.7, 0));
    String json = JSON.writeValueAsString(spec);
    assertEquals(spec, JSON.readValue(json, MixtureSpec.class));
    assertTrue(json.contains("\"window_samples\":48000"), json);
    Layer layout = ExpertLayout.of(spec.experts().get(0)).body();
    assertEquals(layout, JSON.readValue(JSON.writeValueAsString(layout), Layer.class));
  }

  @Test
  void badSpecsAreRefusedNamingTheValidValues() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ExpertSpec("x", "vgg", FeatureSpec.logmel(), null));
    assertTrue(e.getMessage().contains("[lcnn, resnet18]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GateSpec.of("moe"));
    assertTrue(e.getMessage().contains("[single, classic, mlp, attention]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MixtureSpec(threeExperts("mlp").experts(), GateSpec.of("single"), null));
    assertTrue(e.getMessage().contains("exactly one expert"), e.getMessage());
  }
}
