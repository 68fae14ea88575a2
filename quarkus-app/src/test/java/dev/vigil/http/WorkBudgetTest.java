package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Admission by audio seconds, without a service. */
class WorkBudgetTest {
  @Test
  void admitsWhatFitsAndRefusesTheRestWithTheDrainTime() {
    WorkBudget b = new WorkBudget(100, 20); // 100 audio-s in flight, 20 audio-s scored per second
    WorkBudget.Admitted a = assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(60));
    assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(40));
    assertEquals(100, b.inFlightSeconds(), 1e-9);
    // 100 in flight + 50 more is 50 over: 2.5 s of scoring must drain first
    WorkBudget.Busy busy = assertInstanceOf(WorkBudget.Busy.class, b.tryAcquire(50));
    assertEquals(3, busy.retryAfterSeconds());
    assertEquals(100, busy.inFlightSeconds(), 1e-9);
    // a tiny excess still waits at least a second
    assertEquals(1, assertInstanceOf(WorkBudget.Busy.class, b.tryAcquire(0.5)).retryAfterSeconds());
    b.release(a);
    assertEquals(40, b.inFlightSeconds(), 1e-9);
    assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(50));
  }

  @Test
  void moreThanTheWholeBudgetNeverFits() {
    WorkBudget b = new WorkBudget(100, 20);
    WorkBudget.TooLarge t = assertInstanceOf(WorkBudget.TooLarge.class, b.tryAcquire(100.5));
    assertEquals(100, t.budgetSeconds(), 1e-9);
    assertEquals(0, b.inFlightSeconds(), 1e-9);
    assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(100)); // exactly the budget fits
  }

  @Test
  void badSizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WorkBudget(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new WorkBudget(10, Double.NaN));
  }

  @Test
  void aResizedBudgetKeepsWhatItAdmittedAndAdmitsByTheNewSize() {
    WorkBudget b = new WorkBudget(100, 20);
    WorkBudget.Admitted a = assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(80));
    b.resize(50, 10); // the machine got slower
    assertEquals(80, b.inFlightSeconds(), 1e-9);
    WorkBudget.Busy busy = assertInstanceOf(WorkBudget.Busy.class, b.tryAcquire(10));
    assertEquals(4, busy.retryAfterSeconds()); // 40 s over at 10 audio-s/s
    assertInstanceOf(WorkBudget.TooLarge.class, b.tryAcquire(60));
    b.release(a);
    assertInstanceOf(WorkBudget.Admitted.class, b.tryAcquire(50));
    assertThrows(IllegalArgumentException.class, () -> b.resize(0, 10));
  }
}
