package dev.vigil.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.EvaluationReport.Metrics;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.data.Clip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void separableScoresHaveZeroEerAndUnitAuc() {
    double[] s = {0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
    boolean[] y = {false, false, false, true, true, true};
    Metrics m = Metrics.of(s, y, 0.5);
    assertEquals(0.0, m.eer(), 1e-12);
    assertEquals(1.0, m.auc(), 1e-12);
    assertEquals(1.0, m.confusion().balancedAccuracy(), 1e-12);
    assertEquals(0.7, m.eerThreshold(), 1e-12);
  }

  @Test
  void handComputedOverlapAndTies() {
    // bona fide 0.1 0.4 0.6 0.8 ; spoof 0.4 0.7 0.9 0.95
    double[] s = {0.1, 0.4, 0.6, 0.8, 0.4, 0.7, 0.9, 0.95};
    boolean[] y = {false, false, false, false, true, true, true, true};
    // AUC: pairs spoof>bonafide: 0.4:{0.1 + tie 0.4 half}=1.5; 0.7:{0.1,0.4,0.6}=3;
    // 0.9:4; 0.95:4 -> 12.5/16
    assertEquals(12.5 / 16, Metrics.of(s, y, 0.5).auc(), 1e-12);
    // threshold 0.7: FPR = 1/4 (0.8), FNR = 1/4 (0.4) -> EER 0.25
    Metrics m = Metrics.of(s, y, 0.7);
    assertEquals(0.25, m.eer(), 1e-12);
    assertEquals(0.7, m.eerThreshold(), 1e-12);
    assertEquals(0.75, m.confusion().balancedAccuracy(), 1e-12);
    // at 0.7: bona fide 0.8 flagged (1 of 4), spoof 0.4 missed (1 of 4); at 0.5 two bona fide
    assertEquals(0.25, m.confusion().falsePositiveRate(), 1e-12);
    assertEquals(0.25, m.confusion().falseNegativeRate(), 1e-12);
    assertEquals(0.5, Metrics.of(s, y, 0.5).confusion().falsePositiveRate(), 1e-12);
    // 1 % FPR: no bona fide may be flagged -> just above 0.8 -> first spoof score 0.9
    assertTrue(m.thresholdFpr1pct() > 0.8 && m.thresholdFpr1pct() <= 0.9);
  }

  @Test
  void allTiedScoresGiveHalfAucAndHalfEer() {
    double[] s = {0.5, 0.5, 0.5, 0.5};
    boolean[] y = {false, true, false, true};
    Metrics m = Metrics.of(s, y, 0.5);
    assertEquals(0.5, m.auc(), 1e-12);
    assertEquals(0.5, m.eer(), 1e-12);
  }

  @Test
  void missingClassGivesNaNNotAnError() {
    Metrics m = Metrics.of(new double[] {0.2, 0.3}, new boolean[] {false, false}, 0.5);
    assertTrue(Double.isNaN(m.eer()));
    assertTrue(EvalReport.json(m).get("eer").isNull());
    // the bona fide files' false positive rate is still known (0.3 is flagged at 0.25)
    assertEquals(
        0.5,
        Metrics.of(new double[] {0.2, 0.3}, new boolean[] {false, false}, 0.25)
            .confusion()
            .falsePositiveRate(),
        1e-12);
    assertTrue(Double.isNaN(m.confusion().falseNegativeRate()));
  }

  @Test
  void temperatureAndPlattRecoverTheGeneratingScale() {
    Random r = new Random(1);
    int n = 4000;
    double[] x = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * 3;
      y[i] = r.nextDouble() < Aggregation.sigmoid(0.5 * x[i] + 0.8);
    }
    Calibration platt = CalibrationFit.fit("platt", x, y);
    assertEquals(0.5, platt.a(), 0.08);
    assertEquals(0.8, platt.b(), 0.15);
    Calibration t = CalibrationFit.fit("temperature", x, y);
    assertEquals(0.0, t.b(), 0.0);
    assertTrue(CalibrationFit.logLoss(x, y, t.a(), 0) < CalibrationFit.logLoss(x, y, 1, 0));
    assertEquals("none", CalibrationFit.fit("none", x, y).method());
  }

  @Test
  void reportGroupsByDatasetAndSystemWithGateWeights() {
    List<FileScore> files = new ArrayList<>();
    String[] systems = {"A01", "A02"};
    for (int i = 0; i < 8; i++) {
      boolean spoof = i % 2 == 1;
      Clip c =
          new Clip(
              Path.of(i + ".wav"),
              spoof ? Label.SPOOF : Label.BONAFIDE,
              "d1",
              "d1",
              "",
              spoof ? systems[i / 2 % 2] : "",
              "",
              "",
              "",
              "");
      double score = spoof ? 0.6 + i * 0.01 : 0.2 + i * 0.01;
      files.add(
          new FileScore(
              c,
              score,
              score,
              new double[0],
              new double[] {score, score},
              new double[] {0.25, 0.75},
              score,
              new double[] {score, 1 - score}));
    }
    ObjectNode r = EvalReport.build(files, 0.5, List.of("a", "b"), java.util.Map.of("d1", "g"));
    assertEquals(0.0, r.at("/pooled/eer").asDouble(), 1e-12);
    assertEquals(2, r.at("/datasets/d1/systems/A01/spoof").asInt());
    assertEquals(4, r.at("/datasets/d1/systems/A01/bonafide").asInt());
    assertEquals(0.75, r.at("/datasets/d1/mean_gate_weights/b").asDouble(), 1e-12);
    // per domain: every file is on the right side of 0.5 here, and the gate weights are constant
    assertEquals(1.0, r.at("/domains/d1/accuracy").asDouble(), 1e-12);
    assertEquals(0.25, r.at("/domains/d1/mean_gate_weights/a").asDouble(), 1e-12);
    assertEquals(
        r.at("/datasets/d1/metrics/bonafide").asInt(), r.at("/domains/d1/bonafide").asInt());
    // each expert alone: a's file scores separate the classes, b's are reversed
    assertEquals(0.0, r.at("/pooled_experts/a/eer").asDouble(), 1e-12);
    assertEquals(1.0, r.at("/pooled_experts/b/eer").asDouble(), 1e-12);
    // per domain: its own EER and error rates at the threshold; per group: its spoof vs all
    assertEquals(0.0, r.at("/domains/d1/metrics/eer").asDouble(), 1e-12);
    assertEquals(0.0, r.at("/domains/d1/metrics/false_positive_rate").asDouble(), 1e-12);
    assertEquals(4, r.at("/groups/g/metrics/spoof").asInt());
    assertEquals(0.0, r.at("/groups/g/own_bonafide/false_positive_rate").asDouble(), 1e-12);
    String table = EvalReport.table(r);
    assertTrue(table.contains("d1/A02") && table.contains("b=0.750"), table);
    assertTrue(table.contains("domain (source)") && table.contains("(b alone)"), table);
  }
}
