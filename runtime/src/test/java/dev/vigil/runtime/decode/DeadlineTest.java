package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoders that hang are abandoned at the deadline with TIMEOUT, and their worker is stopped. */
class DeadlineTest {
  @TempDir Path tmp;

  /** A producer that spins until cancelled, like JAAD on some truncated files. */
  private static final class Spinner implements WatchdogPcmStream.Producer {
    final AtomicBoolean cancelled = new AtomicBoolean();
    final CountDownLatch closed = new CountDownLatch(1);
    final boolean spinInStart;

    Spinner(boolean spinInStart) {
      this.spinInStart = spinInStart;
    }

    private void spin() throws IOException {
      while (!cancelled.get()) {
        Thread.onSpinWait();
      }
      throw new IOException("cancelled");
    }

    @Override
    public AudioInfo start() throws IOException {
      if (spinInStart) {
        spin();
      }
      return new AudioInfo("test", "test", 8000, 1, -1);
    }

    @Override
    public int maxFrames() {
      return 16;
    }

    @Override
    public int next(float[][] buf) throws IOException {
      spin();
      return -1;
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void watchdogTimesOutAHangingOpenAndStopsTheWorker() throws InterruptedException {
    Spinner p = new Spinner(true);
    long t0 = System.nanoTime();
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () ->
                new WatchdogPcmStream(
                    "hang.m4a", new Deadline("hang.m4a", Duration.ofMillis(300)), "AAC", p));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Problem.TIMEOUT, e.problem());
    assertEquals("hang.m4a: decoding did not finish within 300 ms", e.getMessage());
    assertTrue(ms < 3000, "took " + ms + " ms");
    assertTrue(p.closed.await(5, TimeUnit.SECONDS), "worker did not stop");
  }

  @Test
  void watchdogTimesOutAHangingRead() throws IOException, InterruptedException {
    Spinner p = new Spinner(false);
    try (PcmStream s =
        new WatchdogPcmStream(
            "hang.aac", new Deadline("hang.aac", Duration.ofMillis(300)), "AAC", p)) {
      AudioInputException e =
          assertThrows(AudioInputException.class, () -> s.read(new float[1][16], 0, 16));
      assertEquals(Problem.TIMEOUT, e.problem());
    }
    assertTrue(p.closed.await(5, TimeUnit.SECONDS), "worker did not stop");
  }

  @Test
  void hangingFfmpegIsKilledAtTheDeadline() throws IOException {
    assumeTrue(!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win"));
    Path fake = tmp.resolve("ffmpeg");
    Files.writeString(fake, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    DecodeOptions o = new DecodeOptions(Duration.ofMillis(500), fake, true);
    long t0 = System.nanoTime();
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () -> AudioDecoders.open(AudioSource.of(TestAudio.fixture("opus_m22.webm")), o));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Problem.TIMEOUT, e.problem(), e.getMessage());
    assertTrue(ms < 5000, "took " + ms + " ms");
  }
}
