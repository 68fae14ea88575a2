package dev.vigil.runtime.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlanTest {
  private static final int W = 48000;
  private static final int HOP = 24000;

  @Test
  void shorterThanOneWindowIsOneTiledWindow() {
    assertEquals(List.of(0L), SegmentPlan.starts(W - 1, W, HOP));
    assertEquals(List.of(0L), SegmentPlan.starts(16000, W, HOP));
  }

  @Test
  void exactlyOneWindow() {
    assertEquals(List.of(0L), SegmentPlan.starts(W, W, HOP));
  }

  @Test
  void oneSampleMoreAddsAnEndAlignedWindow() {
    assertEquals(List.of(0L, 1L), SegmentPlan.starts(W + 1, W, HOP));
  }

  @Test
  void twoPointThreeWindows() {
    // 110400 samples: regular starts 0, 24000, 48000 (ends 96000), then end-aligned 62400
    assertEquals(List.of(0L, 24000L, 48000L, 62400L), SegmentPlan.starts(110400, W, HOP));
  }

  @Test
  void endAlignedWindowIsNotRepeatedWhenTheLastRegularOneEndsThere() {
    assertEquals(List.of(0L, 24000L, 48000L), SegmentPlan.starts(96000, W, HOP));
    assertEquals(List.of(0L, 48000L), SegmentPlan.starts(96000, W, W));
    assertEquals(List.of(0L, 48000L, 52000L), SegmentPlan.starts(100000, W, W));
  }

  @Test
  void countAgreesWithStarts() {
    for (long len : new long[] {1, W - 1, W, W + 1, 110400, 96000, 100000, 1_000_003}) {
      for (int hop : new int[] {4800, HOP, W}) {
        assertEquals(SegmentPlan.starts(len, W, hop).size(), SegmentPlan.count(len, W, hop));
      }
    }
  }

  @Test
  void refusesBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> SegmentPlan.starts(0, W, HOP));
    assertThrows(IllegalArgumentException.class, () -> SegmentPlan.starts(10, W, W + 1));
  }
}
