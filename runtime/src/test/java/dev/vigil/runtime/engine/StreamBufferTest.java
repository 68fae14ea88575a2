package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamBufferTest {

  private static byte[] bytes(int n, int from) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  @Test
  void offersAreAllOrNothingAndPiecesComeOutWithTheirArrival() {
    StreamBuffer b = new StreamBuffer("s", 100);
    assertTrue(b.offer(bytes(60, 0), 0, 60, 1000));
    assertFalse(b.offer(bytes(41, 60), 0, 41, 2000), "41 more do not fit in 100");
    assertEquals(60, b.size());
    assertTrue(b.offer(ByteBuffer.wrap(bytes(40, 60)), 2000));
    byte[] dst = new byte[50];
    assertEquals(50, b.take(dst));
    assertEquals(1000, b.lastArrival());
    assertArrayEquals(bytes(50, 0), dst);
    assertEquals(10, b.take(dst), "a take stops at the end of its piece");
    assertEquals(1000, b.lastArrival());
    assertEquals(40, b.take(dst));
    assertEquals(2000, b.lastArrival());
    assertArrayEquals(bytes(40, 60), java.util.Arrays.copyOf(dst, 40));
    assertEquals(0, b.take(dst), "empty, not ended");
    b.end();
    assertEquals(-1, b.take(dst));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> b.offer(new byte[1], 0, 1, 0));
    assertEquals("s: stream is closed", e.getMessage());
  }

  @Test
  void theRingWrapsAndGrowsUpToItsCapacity() {
    StreamBuffer b = new StreamBuffer("s", 1 << 20);
    byte[] dst = new byte[1 << 20];
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 50; round++) {
      int n = 10_000 + 37_000 * (round % 7);
      assertTrue(b.offer(bytes(n, next), 0, n, round));
      next += n;
      int got;
      while ((got = b.take(dst)) > 0) {
        for (int i = 0; i < got; i++) {
          assertEquals((byte) (expected + i), dst[i]);
        }
        expected += got;
        if (round % 3 == 0) {
          break; // leave some behind, so the ring wraps
        }
      }
    }
    assertTrue(expected > 0);
  }

  @Test
  void beyondSixtyFourPiecesAPieceJoinsTheNewestKeepingItsArrival() {
    StreamBuffer b = new StreamBuffer("s", 1000);
    for (int i = 0; i < 70; i++) {
      assertTrue(b.offer(new byte[1], 0, 1, 100 + i));
    }
    byte[] dst = new byte[100];
    for (int i = 0; i < 63; i++) {
      assertEquals(1, b.take(dst));
      assertEquals(100 + i, b.lastArrival());
    }
    assertEquals(7, b.take(dst), "the last seven pieces are one");
    assertEquals(163, b.lastArrival(), "the earliest arrival of the joined pieces");
  }

  @Test
  void aPutWaitsForRoomAndADiscardFreesIt() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      StreamBuffer b = new StreamBuffer("s", 10);
      assertEquals(10, b.put(bytes(25, 0), 0, 25, 1));
      Future<Integer> waiting = pool.submit(() -> b.put(bytes(15, 10), 0, 15, 2));
      Thread.sleep(100);
      assertFalse(waiting.isDone(), "the buffer is full");
      assertEquals(10, b.take(new byte[64]));
      assertEquals(10, waiting.get(10, TimeUnit.SECONDS));
      Future<Integer> again = pool.submit(() -> b.put(bytes(5, 0), 0, 5, 3));
      Thread.sleep(100);
      assertFalse(again.isDone());
      b.discard();
      assertEquals(5, again.get(10, TimeUnit.SECONDS), "a discarded stream drops the bytes");
      assertEquals(0, b.size());
      assertEquals(-1, b.take(new byte[4]));
      assertTrue(b.offer(new byte[3], 0, 3, 4), "dropped");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEndFreesAWaitingPutWithAnError() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      StreamBuffer b = new StreamBuffer("s", 4);
      b.put(new byte[4], 0, 4, 1);
      Future<Integer> waiting = pool.submit(() -> b.put(new byte[4], 0, 4, 2));
      Thread.sleep(100);
      assertTrue(b.end());
      assertFalse(b.end(), "the end is marked once");
      var e =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> waiting.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
