package dev.vigil.runtime.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.runtime.decode.AudioInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationTest {
  private static final AudioInfo INFO = new AudioInfo("pcm_s16le", "wav", 16000, 1, 160000);
  private static final List<String> EXPERTS = List.of("a", "b");
  private static final FileVerdict.Timings T = new FileVerdict.Timings(1, 2, 3, 6);

  private static SegmentVerdict seg(int i, double score, double ea, double ga, boolean silent) {
    return new SegmentVerdict(
        i, 1.5 * i, 1.5 * i + 3, score, List.of(ea, 1 - ea), List.of(ga, 1 - ga), silent);
  }

  @Test
  void fileScoreIsTheSigmoidOfTheMeanLogitOfNonSilentSegments() {
    List<SegmentVerdict> segs =
        List.of(
            seg(0, 0.9, 0.8, 0.6, false),
            seg(1, 0.2, 0.4, 0.2, false),
            seg(2, 0.6, 0.99, 0.99, true),
            seg(3, 0.7, 0.6, 0.4, false));
    FileVerdict v = Aggregation.aggregate("f.wav", -1, INFO, 10, EXPERTS, segs, 0.5, T);
    // sigmoid((ln 9 + ln 0.25 + ln(7/3)) / 3), computed outside Java
    assertEquals(0.6347716821524939, v.score(), 1e-12);
    assertEquals(Label.SPOOF, v.label());
    assertEquals(0.9, v.maxSegmentScore());
    assertEquals((0.8 + 0.4 + 0.6) / 3, v.expertScores().get(0), 1e-12);
    assertEquals((0.2 + 0.6 + 0.4) / 3, v.expertScores().get(1), 1e-12);
    assertEquals((0.6 + 0.2 + 0.4) / 3, v.gateWeights().get(0), 1e-12);
    assertEquals(4, v.segments().size());
    assertEquals(List.of(), v.warnings());
    assertEquals(EXPERTS, v.expertNames());
    assertEquals(-1, v.channel());
    assertEquals(T, v.timings());
  }

  @Test
  void scoresAreClampedBeforeTheLogit() {
    List<SegmentVerdict> segs = List.of(seg(0, 0.0, 0.5, 0.5, false), seg(1, 0.5, 0.5, 0.5, false));
    FileVerdict v = Aggregation.aggregate("f", -1, INFO, 4, EXPERTS, segs, 0.5, T);
    // sigmoid((-ln((1-1e-7)/1e-7) + 0) / 2)
    assertEquals(0.0003161278134310118, v.score(), 1e-15);
    assertEquals(16.118095550958316, Aggregation.logit(1.0), 1e-9);
    assertEquals(-16.118095550958316, Aggregation.logit(-3), 1e-9);
    assertEquals(1.0, Aggregation.sigmoid(800));
    assertEquals(0.0, Aggregation.sigmoid(-800));
  }

  @Test
  void partialSpoofWarningWhenAMaximumReachesTheThresholdButTheFileDoesNot() {
    List<SegmentVerdict> segs =
        List.of(
            seg(0, 0.1, 0.5, 0.5, false),
            seg(1, 0.1, 0.5, 0.5, false),
            seg(2, 0.95, 0.5, 0.5, false));
    FileVerdict v = Aggregation.aggregate("f", 0, INFO, 6, EXPERTS, segs, 0.5, T);
    assertEquals(Label.BONAFIDE, v.label());
    assertEquals(List.of(FileVerdict.PARTIAL_SPOOF_SUSPECTED), v.warnings());

    FileVerdict strict = Aggregation.relabel(v, 0.96);
    assertEquals(List.of(), strict.warnings());
    assertEquals(0.96, strict.threshold());
    assertEquals(v.score(), strict.score());

    FileVerdict loose = Aggregation.relabel(v, v.score());
    assertEquals(Label.SPOOF, loose.label());
    assertEquals(List.of(), loose.warnings());

    FileVerdict back = Aggregation.relabel(loose, 0.5);
    assertEquals(v, back);
    assertThrows(IllegalArgumentException.class, () -> Aggregation.relabel(v, 1.01));
  }

  @Test
  void silenceOnlyCannotBeAggregated() {
    List<SegmentVerdict> segs = List.of(seg(0, 0.9, 0.5, 0.5, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> Aggregation.aggregate("f", -1, INFO, 3, EXPERTS, segs, 0.5, T));
    assertEquals(Double.NaN, Aggregation.fileScore(segs));
  }
}
