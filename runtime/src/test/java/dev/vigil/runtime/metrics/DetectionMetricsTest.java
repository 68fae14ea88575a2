package dev.vigil.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  // bona fide {0.1, 0.6}, spoof {0.4, 0.9}
  private static final double[] MIXED = {0.1, 0.6, 0.4, 0.9};
  private static final boolean[] MIXED_SPOOF = {false, false, true, true};

  @Test
  void eerOfOverlappingScoresByHand() {
    // t=0.6: FPR = 1/2 (0.6 flagged), FNR = 1/2 (0.4 missed): equal
    EerPoint p = DetectionMetrics.eer(MIXED, MIXED_SPOOF);
    assertEquals(0.5, p.eer(), 1e-12);
    assertEquals(0.6, p.threshold(), 0);
    assertEquals(0.5, p.falsePositiveRate(), 1e-12);
    assertEquals(0.5, p.falseNegativeRate(), 1e-12);
  }

  @Test
  void eerOfSeparableScoresIsZeroAtLowestSpoofScore() {
    EerPoint p =
        DetectionMetrics.eer(
            new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true});
    assertEquals(0.0, p.eer(), 0);
    assertEquals(0.8, p.threshold(), 0);
  }

  @Test
  void eerWithTiesPrefersLowerThreshold() {
    // bona fide {0.5, 0.2}, spoof {0.5, 0.7}: t=0.5 -> FPR 1/2, FNR 0; t=0.7 -> FPR 0, FNR 1/2
    EerPoint p =
        DetectionMetrics.eer(
            new double[] {0.5, 0.2, 0.5, 0.7}, new boolean[] {false, false, true, true});
    assertEquals(0.25, p.eer(), 1e-12);
    assertEquals(0.5, p.threshold(), 0);
  }

  @Test
  void invertedPolarityGivesEerOne() {
    // a detector scoring P(bona fide) instead of P(spoof) is maximally wrong
    EerPoint p = DetectionMetrics.eer(new double[] {0.9, 0.1}, new boolean[] {false, true});
    assertEquals(1.0, p.eer(), 0);
    assertEquals(0.0, DetectionMetrics.auc(new double[] {0.9, 0.1}, new boolean[] {false, true}));
  }

  @Test
  void aucByHand() {
    assertEquals(0.75, DetectionMetrics.auc(MIXED, MIXED_SPOOF), 1e-12);
    assertEquals(
        1.0,
        DetectionMetrics.auc(
            new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}));
    // one tie (0.5 vs 0.5) counts one half: (0.5 + 1 + 1 + 1) / 4
    assertEquals(
        0.875,
        DetectionMetrics.auc(
            new double[] {0.5, 0.2, 0.5, 0.7}, new boolean[] {false, false, true, true}),
        1e-12);
    // all tied: chance
    assertEquals(
        0.5,
        DetectionMetrics.auc(new double[] {0.3, 0.3, 0.3}, new boolean[] {false, true, true}),
        1e-12);
  }

  @Test
  void aucMatchesPairCountingOnRandomTiedScores() {
    Random r = new Random(7);
    int n = 301;
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(3) == 0;
      s[i] = r.nextInt(20) / 20.0 + (y[i] ? 0.1 : 0.0); // many ties
    }
    y[0] = true;
    y[1] = false;
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] && !y[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(wins / pairs, DetectionMetrics.auc(s, y), 1e-12);
  }

  @Test
  void eerMatchesBruteForceSweepOnRandomScores() {
    Random r = new Random(11);
    int n = 200;
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2 == 0;
      s[i] = r.nextGaussian() + (y[i] ? 1.0 : 0.0);
    }
    double best = Double.POSITIVE_INFINITY;
    double bestEer = Double.NaN;
    for (double t : s) {
      Confusion c = DetectionMetrics.confusion(s, y, t);
      double diff = Math.abs(c.falsePositiveRate() - c.falseNegativeRate());
      double eer = (c.falsePositiveRate() + c.falseNegativeRate()) / 2;
      if (diff < best || (diff == best && eer < bestEer)) {
        best = diff;
        bestEer = eer;
      }
    }
    EerPoint p = DetectionMetrics.eer(s, y);
    assertEquals(bestEer, p.eer(), 1e-12);
    Confusion at = DetectionMetrics.confusion(s, y, p.threshold());
    assertEquals(p.falsePositiveRate(), at.falsePositiveRate(), 1e-12);
    assertEquals(p.falseNegativeRate(), at.falseNegativeRate(), 1e-12);
    assertTrue(p.eer() > 0.2 && p.eer() < 0.4, "d'=1 gives an EER near 0.31, got " + p.eer());
  }

  @Test
  void confusionCountsScoreAtThresholdAsSpoof() {
    Confusion c = DetectionMetrics.confusion(MIXED, MIXED_SPOOF, 0.5);
    assertEquals(new Confusion(1, 1, 1, 1), c);
    assertEquals(0.5, c.balancedAccuracy(), 1e-12);
    Confusion eq = DetectionMetrics.confusion(new double[] {0.5}, new boolean[] {true}, 0.5);
    assertEquals(1, eq.truePositives());
    assertEquals(Double.NaN, eq.falsePositiveRate());
    assertEquals(1.0, eq.accuracy());
  }

  @Test
  void balancedAccuracyWeighsClassesEqually() {
    // 1 bona fide right out of 1; 1 spoof right out of 4 -> (1 + 0.25) / 2
    double[] s = {0.1, 0.9, 0.2, 0.2, 0.2};
    boolean[] y = {false, true, true, true, true};
    assertEquals(0.625, DetectionMetrics.confusion(s, y, 0.5).balancedAccuracy(), 1e-12);
    assertEquals(0.4, DetectionMetrics.confusion(s, y, 0.5).accuracy(), 1e-12);
  }

  @Test
  void thresholdAtFprByHand() {
    double[] s = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.95, 0.85};
    boolean[] y = new boolean[12];
    y[10] = true;
    y[11] = true;
    // 10 bona fide: FPR 0.1 allows one of them (1.0) to be flagged; 0.9 would flag two
    assertEquals(0.95, DetectionMetrics.thresholdAtFpr(s, y, 0.1), 0);
    // 0.2 allows two (0.9, 1.0): the spoof score 0.85 is the lowest threshold still flagging two
    assertEquals(0.85, DetectionMetrics.thresholdAtFpr(s, y, 0.2), 0);
    // no false alarm allowed, but the top score is bona fide: nothing can be flagged
    assertEquals(Math.nextUp(1.0), DetectionMetrics.thresholdAtFpr(s, y, 0.0), 0);
    assertEquals(0.1, DetectionMetrics.thresholdAtFpr(s, y, 1.0), 0);
    double t = DetectionMetrics.thresholdAtFpr(s, y, 0.01);
    assertTrue(DetectionMetrics.confusion(s, y, t).falsePositiveRate() <= 0.01);
  }

  @Test
  void badInputsAreRefusedWithAReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DetectionMetrics.eer(new double[] {0.1, 0.2}, new boolean[] {true}));
    assertTrue(e.getMessage().contains("length"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DetectionMetrics.auc(new double[] {0.1, Double.NaN}, new boolean[] {true, false}));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DetectionMetrics.eer(new double[] {0.1, 0.2}, new boolean[] {true, true}));
    assertTrue(e.getMessage().contains("both bonafide and spoof"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DetectionMetrics.thresholdAtFpr(MIXED, MIXED_SPOOF, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new Confusion(-1, 0, 0, 0));
  }
}
