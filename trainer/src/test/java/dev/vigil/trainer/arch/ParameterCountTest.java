package dev.vigil.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vigil.runtime.features.FeatureSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

  @Test
  void lcnnAtReferenceSizeHas682690TrainableParameters() {
    ExpertSpec spec = ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel());
    assertEquals(682_690L, ExpertLayout.of(spec).parameters());
    try (NDManager m = NDManager.newBaseManager()) {
      ExpertNet net = Architectures.expert(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShape(1));
      assertEquals(682_690L, Architectures.parameterCount(net));
    }
  }

  @Test
  void resnet18AtWidth64MatchesTorchvision() {
    // torchvision resnet18 (3 input channels, 1000 classes): 11,689,512 parameters.
    // 1 input channel: conv1 7x7 shrinks from 64*3*49 = 9,408 to 64*1*49 = 3,136 (-6,272);
    // 2 classes: fc shrinks from 512*1000+1000 = 513,000 to 512*2+2 = 1,026 (-511,974).
    // 11,689,512 - 6,272 - 511,974 = 11,171,266 (= 11,170,240 without fc, + 1,026 for fc).
    ExpertSpec spec = ExpertSpec.resnet18("r", FeatureSpec.logmel(), 64);
    assertEquals(11_171_266L, ExpertLayout.of(spec).parameters());
    assertEquals(11_170_240L, ExpertLayout.of(spec).body().parameters());
  }

  @Test
  void resnet18AtWidth16IsAboutSevenHundredThousand() {
    ExpertSpec spec = ExpertSpec.resnet18("r", FeatureSpec.loglinear(), 16);
    try (NDManager m = NDManager.newBaseManager()) {
      ExpertNet net = Architectures.expert(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShape(1));
      long n = Architectures.parameterCount(net);
      assertEquals(ExpertLayout.of(spec).parameters(), n);
      assertTrue(n > 650_000 && n < 750_000, "width 16: " + n);
    }
  }

  @Test
  void referenceGateSizesForFourLcnnExperts() {
    // reference §1.5: Classic gate 192,004 parameters, Enhanced (mlp) gate 19,108
    List<ExpertSpec> four =
        List.of(
            ExpertSpec.lcnn("a", FeatureSpec.logmel()),
            ExpertSpec.lcnn("b", FeatureSpec.logmel()),
            ExpertSpec.lcnn("c", FeatureSpec.logmel()),
            ExpertSpec.lcnn("d", FeatureSpec.logmel()));
    try (NDManager m = NDManager.newBaseManager()) {
      for (var c : List.of(new Object[] {"classic", 192_004L}, new Object[] {"mlp", 19_108L})) {
        MixtureNet net =
            Architectures.mixture(
                new MixtureSpec(four, GateSpec.of((String) c[0]), Calibration.none()));
        net.initialize(m, DataType.FLOAT32, net.inputShapes(1));
        assertEquals((long) c[1], Architectures.parameterCount(net.gate()), (String) c[0]);
      }
    }
  }
}
