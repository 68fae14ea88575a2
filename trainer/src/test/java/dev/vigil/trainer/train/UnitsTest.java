package dev.vigil.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitsTest {
  @TempDir Path tmp;

  @Test
  void cosineIsTheClosedFormAndFloorsAtEtaMin() {
    CosineSchedule c = new CosineSchedule(1e-4, 1e-5, 100);
    assertEquals(1e-4, c.at(0), 1e-15);
    assertEquals(5.5e-5, c.at(50), 1e-15);
    assertEquals(1e-5, c.at(100), 1e-15);
    assertEquals(1e-5, c.at(250), 1e-15);
    assertTrue(c.at(10) > c.at(11));
    assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1e-4, 1e-3, 10));
  }

  @Test
  void recipeDefaultsFileAndOverrides() throws IOException {
    Path y = tmp.resolve("r.yaml");
    Files.writeString(
        y,
        String.join(
            "\n",
            "recipe: mele",
            "experts:",
            "  - {name: a, architecture: lcnn, feature: logmel, domain: d1}",
            "data:",
            "  - {reader: manifest, path: m.csv}",
            "augment: {gain: 0.5}",
            ""));
    Recipe r = Recipe.load(y, List.of("lr=0.001", "augment.noise_dir=noise", "gate=mlp"));
    assertEquals("mele", r.recipe());
    assertEquals(0.001, r.lr());
    assertEquals(1e-4, r.weightDecay());
    assertEquals(64, r.batchSize());
    assertEquals(0.2, r.labelSmoothing());
    assertEquals(20, r.patience());
    assertEquals(0.5, r.augment().gain());
    assertEquals("noise", r.augment().noiseDir());
    assertEquals("mlp", r.gate());
    assertEquals(48000, r.windowSamples());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Recipe.load(y, List.of("learning_rate=1")));
    assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains("valid"));
    assertThrows(IllegalArgumentException.class, () -> Recipe.load(y, List.of("stage_two=thawed")));
    assertEquals("eer", r.defaultOperatingPoint());
    IllegalArgumentException op =
        assertThrows(
            IllegalArgumentException.class,
            () -> Recipe.load(y, List.of("default_operating_point=fpr_2pct")));
    assertTrue(op.getMessage().contains("fpr_5pct"), op.getMessage());
    // stage two's domain balance falls back to domain_balance unless set
    assertEquals(1.0, r.stageTwoDomainBalanceOrDefault());
    assertEquals(
        0.5, Recipe.load(y, List.of("domain_balance=0.5")).stageTwoDomainBalanceOrDefault());
    Recipe balanced = Recipe.load(y, List.of("stage_two_domain_balance=0"));
    assertEquals(1.0, balanced.domainBalance());
    assertEquals(0.0, balanced.stageTwoDomainBalanceOrDefault());
    assertThrows(
        IllegalArgumentException.class,
        () -> Recipe.load(y, List.of("stage_two_domain_balance=2")));
    Recipe again = Recipe.fromTree(r.toTree(), "round trip");
    assertEquals(r, again);
  }

  @Test
  void shippedRecipesParse() throws IOException {
    try (var files = Files.list(Path.of("recipes"))) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertTrue(all.size() >= 4, all.toString());
      for (Path f : all) {
        Recipe r = Recipe.load(f, List.of());
        assertTrue(r.experts().size() >= 1, f.toString());
      }
    }
    // the bundled model's recipe and its ablations (models/ at the repository root)
    for (Path f :
        List.of(
            Path.of("../models/vigil-default.yaml"),
            Path.of("../models/ablations/copysynth.yaml"))) {
      Recipe r = Recipe.load(f, List.of());
      assertTrue(r.experts().size() >= 1, f.toString());
    }
  }

  @Test
  void smoothedNllMatchesHandValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      // logp rows: log(0.8), log(0.2) | log(0.3), log(0.7); labels 0, 1; eps 0.2 -> q = 0.9/0.1
      NDArray logp = m.create(new float[] {0.8f, 0.2f, 0.3f, 0.7f}, new Shape(2, 2)).log();
      NDArray y = m.create(new float[] {0, 1});
      double want =
          -((0.9 * Math.log(0.8) + 0.1 * Math.log(0.2))
                  + (0.1 * Math.log(0.3) + 0.9 * Math.log(0.7)))
              / 2;
      assertEquals(want, Losses.smoothedNll(logp, y, 0.2).getFloat(), 1e-6);
      assertEquals(
          -(Math.log(0.8) + Math.log(0.7)) / 2, Losses.smoothedNll(logp, y, 0).getFloat(), 1e-6);
    }
  }

  @Test
  void adamWStepMatchesHandComputationAndStateRoundTrips() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
      p.setArray(m.create(new float[] {1f, -2f}));
      p.getArray().setRequiresGradient(true);
      List<Pair<String, Parameter>> params = List.of(new Pair<>("w", p));
      try (AdamW opt = new AdamW(m, 0.1)) {
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
          gc.backward(p.getArray().mul(3).sum());
        }
        opt.update(params, 0.01);
        // step 1: m̂ = g, v̂ = g², update = lr·g/|g| = lr·sign(g); decay w·(1 − lr·wd)
        float[] w = p.getArray().toFloatArray();
        assertEquals(1 * (1 - 0.001) - 0.01, w[0], 1e-5);
        assertEquals(-2 * (1 - 0.001) - 0.01, w[1], 1e-5);
        opt.save(tmp.resolve("opt.bin"));
        try (AdamW back = new AdamW(m, 0.1)) {
          back.load(tmp.resolve("opt.bin"));
          assertEquals(1, back.step());
          back.save(tmp.resolve("opt2.bin"));
        }
        assertArrayEquals(
            Files.readAllBytes(tmp.resolve("opt.bin")),
            Files.readAllBytes(tmp.resolve("opt2.bin")));
      }
    }
  }
}
