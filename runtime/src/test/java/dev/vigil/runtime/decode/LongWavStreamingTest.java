package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 35-minute WAV (67 MB of PCM, 134 MB as floats) is decoded while the retained heap is measured:
 * a decoder that buffered the file would fail the bound by an order of magnitude.
 */
class LongWavStreamingTest {
  private static final int RATE = 16_000;
  private static final long FRAMES = 35L * 60 * RATE;
  private static final long MAX_RETAINED_BYTES = 16L << 20;

  @TempDir Path tmp;

  /** A deterministic sample: a 16-bit ramp that wraps (so any lost or repeated block shows). */
  private static short sample(long i) {
    return (short) (i * 7 % 65536 - 32768);
  }

  private static void writeWav(Path f) throws IOException {
    long bytes = FRAMES * 2;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      byte[] h =
          new WavBytes()
              .chunk("fmt ", WavBytes.fmt(1, 1, RATE, 16))
              .chunk("data", bytes, new byte[0])
              .build();
      // the builder sized RIFF for an empty body: patch it to the real size
      long riff = 4 + 24 + 8 + bytes;
      h[4] = (byte) riff;
      h[5] = (byte) (riff >> 8);
      h[6] = (byte) (riff >> 16);
      h[7] = (byte) (riff >> 24);
      out.write(h);
      byte[] buf = new byte[1 << 16];
      long i = 0;
      while (i < FRAMES) {
        int n = (int) Math.min(buf.length / 2, FRAMES - i);
        for (int k = 0; k < n; k++) {
          short s = sample(i + k);
          buf[2 * k] = (byte) s;
          buf[2 * k + 1] = (byte) (s >> 8);
        }
        out.write(buf, 0, 2 * n);
        i += n;
      }
    }
  }

  private static long usedAfterGc(MemoryMXBean mx) {
    System.gc();
    return mx.getHeapMemoryUsage().getUsed();
  }

  @Test
  void thirtyFiveMinutesStreamInBoundedMemory() throws IOException {
    Path f = tmp.resolve("long.wav");
    writeWav(f);
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    float[][] buf = new float[1][4096];
    long n = 0;
    long maxRetained = 0;
    long start;
    long t0;
    try (PcmStream s = AudioDecoders.open(AudioSource.of(f), TestAudio.JAVA_ONLY)) {
      assertEquals(new AudioInfo("pcm_s16le", "wav", RATE, 1, FRAMES), s.info());
      start = usedAfterGc(mx);
      t0 = System.nanoTime();
      long nextCheck = FRAMES / 8;
      int k;
      while ((k = s.read(buf, 0, buf[0].length)) >= 0) {
        for (int i = 0; i < k; i += 1009) {
          if (buf[0][i] != sample(n + i) / 32768f) {
            assertEquals(sample(n + i) / 32768f, buf[0][i], "frame " + (n + i));
          }
        }
        n += k;
        if (n >= nextCheck) {
          long t = System.nanoTime();
          maxRetained = Math.max(maxRetained, usedAfterGc(mx) - start);
          t0 += System.nanoTime() - t; // GC time is not decode time
          nextCheck += FRAMES / 8;
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(FRAMES, n);
    System.out.printf(
        "long WAV: %d frames (35 min) decoded at %.0fx real time, retained heap growth %.1f MB%n",
        n, FRAMES / (double) RATE / seconds, maxRetained / 1048576.0);
    assertTrue(
        maxRetained < MAX_RETAINED_BYTES,
        "decoder retained "
            + maxRetained
            + " bytes while streaming (bound "
            + MAX_RETAINED_BYTES
            + ")");
  }
}
