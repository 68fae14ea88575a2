package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** Fixture access, whole-stream decoding and signal comparison for the decoding tests. */
final class TestAudio {
  private TestAudio() {}

  /** Java-only decoding (ffmpeg never started), 20 s time-out. */
  static final DecodeOptions JAVA_ONLY = new DecodeOptions(Duration.ofSeconds(20), null, false);

  /** A fixture under {@code src/test/resources/audio}. */
  static Path fixture(String name) {
    try {
      return Path.of(TestAudio.class.getResource("/audio/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name, e);
    }
  }

  static byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(fixture(name));
  }

  /** True when ffmpeg is on PATH. */
  static boolean ffmpegOnPath() {
    return FfmpegDecoder.locate(DecodeOptions.defaults()) != null;
  }

  /** A decoded stream in full. */
  record Decoded(AudioInfo info, float[][] samples) {
    int frames() {
      return samples[0].length;
    }
  }

  static Decoded decode(AudioSource src, DecodeOptions o) throws IOException {
    try (PcmStream s = AudioDecoders.open(src, o)) {
      return drain(s);
    }
  }

  static Decoded decode(String fixture, DecodeOptions o) throws IOException {
    return decode(AudioSource.of(fixture(fixture)), o);
  }

  /** Reads a stream to its end with odd block sizes (to exercise block boundaries). */
  static Decoded drain(PcmStream s) throws IOException {
    int ch = s.info().channels();
    float[][] all = new float[ch][1 << 14];
    float[][] buf = new float[ch][777];
    int n = 0;
    int k;
    while ((k = s.read(buf, 0, buf[0].length)) >= 0) {
      if (n + k > all[0].length) {
        for (int c = 0; c < ch; c++) {
          all[c] = Arrays.copyOf(all[c], Math.max(2 * all[c].length, n + k));
        }
      }
      for (int c = 0; c < ch; c++) {
        System.arraycopy(buf[c], 0, all[c], n, k);
      }
      n += k;
    }
    for (int c = 0; c < ch; c++) {
      all[c] = Arrays.copyOf(all[c], n);
    }
    return new Decoded(s.info(), all);
  }

  /**
   * The samples of a canonical 16-bit PCM WAV written by sox (44-byte header), read without the
   * decoder under test.
   */
  static float[][] readCanonicalS16(String fixture) throws IOException {
    byte[] b = bytes(fixture);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("data", new String(b, 36, 4, java.nio.charset.StandardCharsets.US_ASCII));
    int ch = bb.getShort(22);
    assertEquals(16, bb.getShort(34));
    int bytes = bb.getInt(40);
    int frames = bytes / (2 * ch);
    float[][] x = new float[ch][frames];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < ch; c++) {
        x[c][i] = bb.getShort(44 + 2 * (i * ch + c)) / 32768f;
      }
    }
    return x;
  }

  /** Signal-to-noise ratio of {@code test} against {@code ref} in dB over their common length. */
  static double snrDb(float[] ref, float[] test) {
    int n = Math.min(ref.length, test.length);
    double s = 0;
    double e = 0;
    for (int i = 0; i < n; i++) {
      s += (double) ref[i] * ref[i];
      double d = ref[i] - test[i];
      e += d * d;
    }
    return 10 * Math.log10(s / Math.max(e, 1e-30));
  }

  /** SNR after the least-squares gain that best matches {@code test} to {@code ref}. */
  static double snrDbAfterGain(float[] ref, float[] test) {
    int n = Math.min(ref.length, test.length);
    double rt = 0;
    double tt = 0;
    for (int i = 0; i < n; i++) {
      rt += (double) ref[i] * test[i];
      tt += (double) test[i] * test[i];
    }
    double g = tt == 0 ? 1 : rt / tt;
    float[] scaled = new float[n];
    for (int i = 0; i < n; i++) {
      scaled[i] = (float) (g * test[i]);
    }
    return snrDb(ref, scaled);
  }

  /**
   * The lag in [-max, max] at which {@code test} best matches {@code ref} (test[i + lag] ~ ref[i]).
   */
  static int bestLag(float[] ref, float[] test, int max) {
    int best = 0;
    double bestC = Double.NEGATIVE_INFINITY;
    for (int lag = -max; lag <= max; lag++) {
      double c = 0;
      for (int i = Math.max(0, -lag); i < ref.length && i + lag < test.length; i++) {
        c += (double) ref[i] * test[i + lag];
      }
      if (c > bestC) {
        bestC = c;
        best = lag;
      }
    }
    return best;
  }

  /** {@code x} shifted so that index 0 is {@code x[lag]}. */
  static float[] shift(float[] x, int lag) {
    float[] y = new float[x.length];
    for (int i = 0; i < y.length; i++) {
      int j = i + lag;
      y[i] = j >= 0 && j < x.length ? x[j] : 0;
    }
    return y;
  }

  static void assertSameSamples(float[][] expected, float[][] actual) {
    assertEquals(expected.length, actual.length, "channels");
    for (int c = 0; c < expected.length; c++) {
      assertEquals(expected[c].length, actual[c].length, "frames of channel " + c);
      for (int i = 0; i < expected[c].length; i++) {
        if (expected[c][i] != actual[c][i]) {
          assertEquals(expected[c][i], actual[c][i], "channel " + c + " frame " + i);
        }
      }
    }
  }

  static void assertOneLine(Exception e, String source) {
    String m = e.getMessage();
    assertTrue(m.startsWith(source + ": "), m);
    assertTrue(!m.contains("\n") && !m.contains("\r"), m);
  }
}
