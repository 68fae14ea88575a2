package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine's batching decisions, driven without threads. */
class BatchingPolicyTest {
  private static BatchingPolicy workers(int inferenceThreads) {
    return new BatchingPolicy(inferenceThreads, false, false, false, 32);
  }

  @Test
  void aLoneThreadFillsItsBatch() {
    BatchingPolicy p = workers(1);
    // the only inference thread holds its batch: no other thread is free to share with
    for (int taken = 1; taken < 32; taken++) {
      assertFalse(p.fairShareTaken(taken, () -> 0, 1));
      assertFalse(p.fairShareTaken(taken, () -> 100, 1));
    }
  }

  @Test
  void withFreeThreadsEachTakesItsShareOfTheQueue() {
    BatchingPolicy p = workers(2);
    // one thread holds (this one), one is free: the share is ceil((taken + queued) / 2)
    assertTrue(p.fairShareTaken(1, () -> 0, 1)); // a lone window runs at once
    assertTrue(p.fairShareTaken(1, () -> 1, 1)); // two windows: one each, side by side
    assertFalse(p.fairShareTaken(1, () -> 2, 1)); // three: this thread takes two
    assertTrue(p.fairShareTaken(2, () -> 1, 1));
    assertFalse(p.fairShareTaken(5, () -> 20, 1));
    assertTrue(p.fairShareTaken(13, () -> 12, 1));
    // both threads hold a batch: under load batches fill
    assertFalse(p.fairShareTaken(1, () -> 0, 2));
    BatchingPolicy four = workers(4);
    // three free threads beside this one: a quarter each
    assertTrue(four.fairShareTaken(2, () -> 6, 1));
    assertFalse(four.fairShareTaken(1, () -> 6, 1));
  }

  @Test
  void inlineReadingAndFullWaitNeverStopAtAShare() {
    assertFalse(new BatchingPolicy(2, true, false, false, 32).fairShareTaken(1, () -> 0, 1));
    assertFalse(new BatchingPolicy(2, false, true, false, 32).fairShareTaken(1, () -> 0, 1));
  }

  @Test
  void aPartialBatchRunsAtOnceOnlyWhenNoMoreWindowsCanCome() {
    BatchingPolicy p = workers(2);
    assertTrue(p.runWithoutWaiting(0, 3)); // every admitted input is read to its end
    assertFalse(p.runWithoutWaiting(1, 3)); // one is still being read: wait up to maxWait
    assertFalse(new BatchingPolicy(2, false, true, false, 32).runWithoutWaiting(0, 3));
    // a lone input's grouped windows: this thread's group is queued, the next is not coming soon
    BatchingPolicy helped = new BatchingPolicy(2, false, false, true, 32);
    assertTrue(helped.runWithoutWaiting(1, 1));
    assertFalse(helped.runWithoutWaiting(1, 2));
  }

  @Test
  void windowsAreGroupedOnlyForALoneHelpedInputWithSeveralThreads() {
    assertTrue(new BatchingPolicy(2, false, false, true, 32).grouping(1));
    assertFalse(new BatchingPolicy(2, false, false, true, 32).grouping(2));
    assertFalse(new BatchingPolicy(1, false, false, true, 32).grouping(1));
    assertFalse(new BatchingPolicy(2, false, false, false, 32).grouping(1));
    assertTrue(new BatchingPolicy(1, false, false, true, 32).lone(1));
  }

  @Test
  void inlineReadingYieldsOnceAFullBatchIsQueued() {
    BatchingPolicy inline = new BatchingPolicy(1, true, false, false, 8);
    assertFalse(inline.yieldReading(7));
    assertTrue(inline.yieldReading(8));
    assertFalse(workers(1).yieldReading(100));
  }

  @Test
  void builtFromEngineOptions() {
    EngineOptions o =
        EngineOptions.defaults()
            .withWorkers(0)
            .withInferenceThreads(3)
            .withMaxWait(Duration.ofMillis(2))
            .withParallelFrontEnds(true);
    assertEquals(new BatchingPolicy(3, true, false, true, 16), BatchingPolicy.of(o, 2, 16));
    assertFalse(BatchingPolicy.of(o, 1, 16).helpers()); // one front end: nothing to help with
  }

  @Test
  void batchScanSettingsAreTheScansThreadsAndRoom() {
    EngineOptions two = EngineOptions.batchScan(2, 32);
    assertEquals(0, two.workers());
    assertEquals(2, two.inferenceThreads());
    assertEquals(96, two.queuedSegments()); // (2 + 1) batches of 32
    assertEquals(8, two.maxInFlight());
    EngineOptions eight = EngineOptions.batchScan(8, 4);
    assertEquals(64, eight.queuedSegments());
    assertEquals(32, eight.maxInFlight());
  }
}
