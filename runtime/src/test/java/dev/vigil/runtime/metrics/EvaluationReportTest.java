package dev.vigil.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.metrics.EvaluationReport.GroupRow;
import dev.vigil.runtime.metrics.EvaluationReport.Metrics;
import dev.vigil.runtime.metrics.EvaluationReport.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  // C: bona fide 0.7 ; A: bona fide 0.1 0.4, spoof 0.35 0.8 ; B: spoof 0.6 0.9
  private static final List<Row> ROWS =
      List.of(
          new Row("c1", "C", false, 0.7),
          new Row("a1", "A", false, 0.1),
          new Row("a2", "A", false, 0.4),
          new Row("a3", "A", true, 0.35),
          new Row("a4", "A", true, 0.8),
          new Row("b1", "B", true, 0.6),
          new Row("b2", "B", true, 0.9));

  @Test
  void pooledByHand() {
    EvaluationReport r = EvaluationReport.of(ROWS, 0.5);
    Metrics m = r.pooled();
    assertEquals(7, m.confusion().total());
    assertEquals(3, m.confusion().bonafide());
    assertEquals(4, m.confusion().spoof());
    // at 0.5: spoof 0.6 0.8 0.9 caught, 0.35 missed; bona fide 0.7 flagged, 0.1 0.4 not
    assertEquals(new Confusion(3, 1, 2, 1), m.confusion());
    assertEquals(1 / 3.0, m.confusion().falsePositiveRate(), 1e-12);
    assertEquals(1 / 4.0, m.confusion().falseNegativeRate(), 1e-12);
    assertEquals((3 / 4.0 + 2 / 3.0) / 2, m.confusion().balancedAccuracy(), 1e-12);
    assertEquals(5 / 7.0, m.confusion().accuracy(), 1e-12);
    // at 0.6: FPR 1/3 (0.7), FNR 1/4 (0.35) are closest -> EER their mean, 7/24
    assertEquals(7 / 24.0, m.eer(), 1e-12);
    assertEquals(0.6, m.eerThreshold(), 0);
    // spoof above bona fide: 0.35 > 0.1; 0.6 > 0.1, 0.4; 0.8 and 0.9 > all three -> 9 of 12
    assertEquals(9 / 12.0, m.auc(), 1e-12);
    // no bona fide file flagged from 0.8 up; a third of them (0.7) from 0.6 up
    assertEquals(0.8, m.thresholdFpr1pct(), 0);
    assertEquals(0.6, r.thresholdAtFpr(1 / 3.0), 0);
    assertEquals(0.5, m.threshold(), 0);
  }

  @Test
  void perGroupRowsTakeTheOtherClassWhenAGroupHasOne() {
    EvaluationReport r = EvaluationReport.of(ROWS, 0.5);
    assertEquals(List.of("A", "B", "C"), r.groups());
    List<GroupRow> rows = r.perGroup();
    assertEquals(3, rows.size());
    // A alone: bona fide 0.1 0.4, spoof 0.35 0.8 -> at 0.4 FPR 1/2, FNR 1/2
    GroupRow a = rows.get(0);
    assertEquals("A", a.group());
    assertEquals(0.5, a.eer(), 1e-12);
    assertEquals("itself", a.eerAgainst());
    assertEquals(0.5, a.own().eer(), 1e-12);
    assertEquals(3 / 4.0, a.own().confusion().accuracy(), 1e-12);
    // B (spoof only) against every bona fide file 0.1 0.4 0.7: at 0.7 FPR 1/3, FNR 1/2
    GroupRow b = rows.get(1);
    assertEquals(5 / 12.0, b.eer(), 1e-12);
    assertEquals("all bonafide files", b.eerAgainst());
    assertTrue(Double.isNaN(b.own().eer()));
    assertEquals(1.0, b.own().confusion().accuracy(), 0);
    assertEquals(0.7, r.versusAll("B", true).eerThreshold(), 0);
    // C (bona fide 0.7) against every spoof file: at 0.8 FPR 0, FNR 1/2 (ties the diff at 0.7,
    // which has the higher EER 3/4)
    GroupRow c = rows.get(2);
    assertEquals(0.25, c.eer(), 1e-12);
    assertEquals("all spoof files", c.eerAgainst());
    assertEquals(0.0, c.own().confusion().accuracy(), 0);
    assertEquals(
        1.0,
        r.metrics(x -> !x.spoof() && "C".equals(x.group())).confusion().falsePositiveRate(),
        0);
    assertEquals(0, r.group("unknown").confusion().total());
  }

  @Test
  void aMissingClassGivesNaNAndNoComparison() {
    EvaluationReport r =
        EvaluationReport.of(
            List.of(new Row("x", "g", false, 0.2), new Row("y", null, false, 0.6)), 0.5);
    Metrics m = r.pooled();
    assertTrue(Double.isNaN(m.eer()) && Double.isNaN(m.auc()) && Double.isNaN(m.eerThreshold()));
    assertTrue(
        Double.isNaN(m.confusion().balancedAccuracy())
            && Double.isNaN(m.confusion().falseNegativeRate()));
    assertEquals(0.5, m.confusion().falsePositiveRate(), 0);
    // the row without a group counts in the pooled metrics only
    assertEquals(List.of("g"), r.groups());
    GroupRow g = r.row("g");
    assertTrue(Double.isNaN(g.eer()));
    assertNull(g.eerAgainst());
    assertThrows(
        IllegalArgumentException.class,
        () -> EvaluationReport.of(List.of(new Row("z", "g", true, Double.NaN)), 0.5));
  }
}
