package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The capacity measured while serving: only saturated intervals count, each moves it 30 %. */
class CapacityMeterTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aSaturatedIntervalMovesTheEstimateAShareOfTheWay() {
    CapacityMeter m = new CapacityMeter(100, 1.5);
    assertFalse(m.sample(0, 0, 4)); // the first sample only sets the start
    // 40 windows of 1.5 s in one second: 60 audio-s/s measured, 100 + 0.3 × (60 - 100) = 88
    assertTrue(m.sample(S, 40, 4));
    assertEquals(88, m.capacity(), 1e-9);
    assertTrue(m.sample(2 * S, 120, 3)); // 80 × 1.5 = 120: 88 + 0.3 × 32 = 97.6
    assertEquals(97.6, m.capacity(), 1e-9);
  }

  @Test
  void idleOrLightlyLoadedIntervalsSayNothing() {
    CapacityMeter m = new CapacityMeter(100, 1.5);
    m.sample(0, 0, 0);
    assertFalse(m.sample(S, 5, 1)); // one input: the engine may be waiting for it
    assertFalse(m.sample(2 * S, 10, 4)); // saturated at its end only
    assertFalse(m.sample(3 * S, 10, 4)); // saturated, yet nothing scored (a long decode)
    assertEquals(100, m.capacity());
  }

  @Test
  void theEstimateStaysWithinAFactorFourOfTheStart() {
    CapacityMeter m = new CapacityMeter(100, 1.5);
    m.sample(0, 0, 8);
    long windows = 0;
    for (int i = 1; i <= 50; i++) {
      windows += 1; // 1.5 audio-s/s: a stalled machine
      m.sample(i * S, windows, 8);
    }
    assertEquals(25, m.capacity(), 1e-9);
    for (int i = 51; i <= 100; i++) {
      windows += 10_000;
      m.sample(i * S, windows, 8);
    }
    assertEquals(400, m.capacity(), 1e-9);
  }

  @Test
  void aBadStartIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CapacityMeter(0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new CapacityMeter(10, Double.NaN));
  }
}
