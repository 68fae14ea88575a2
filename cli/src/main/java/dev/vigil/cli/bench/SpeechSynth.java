package dev.vigil.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic speech-like test audio for benchmarks (nothing is downloaded): voiced sounds with a
 * wandering pitch and two resonances, syllable-rate loudness, short pauses and a noise floor,
 * written as 16-bit PCM WAV.
 */
public final class SpeechSynth {

  private SpeechSynth() {}

  /** {@code seconds} of speech-like audio at {@code rate}, RMS roughly −20 dBFS. */
  public static float[] generate(double seconds, int rate, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = (int) Math.round(seconds * rate);
    float[] x = new float[n];
    double pitch = 100 + 120 * r.nextDouble();
    double phase = 0;
    double f1 = 600;
    double f2 = 1500;
    double syll = 3.5 + r.nextDouble();
    double env = 0;
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      if (i % (rate / 50) == 0) { // retarget every 20 ms
        pitch = Math.max(80, Math.min(260, pitch + (r.nextDouble() - 0.5) * 12));
        f1 += (400 + 500 * r.nextDouble() - f1) * 0.2;
        f2 += (1000 + 1500 * r.nextDouble() - f2) * 0.2;
      }
      phase += 2 * Math.PI * pitch / rate;
      double s = 0;
      for (int h = 1; h <= 20; h++) {
        double fh = h * pitch;
        if (fh > rate / 2.2) {
          break;
        }
        double g =
            1.0 / (1 + Math.pow((fh - f1) / 150, 2)) + 0.5 / (1 + Math.pow((fh - f2) / 250, 2));
        s += g * Math.sin(h * phase) / h;
      }
      double target = Math.max(0, Math.sin(2 * Math.PI * syll * t)) > 0.15 ? 1 : 0.05;
      env += (target - env) * 0.002;
      x[i] = (float) (0.25 * env * s + 0.003 * (r.nextDouble() - 0.5));
    }
    return x;
  }

  /** Writes mono 16-bit PCM WAV. */
  public static void writeWav(Path file, float[] x, int rate) throws IOException {
    int data = x.length * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + data).put(new byte[] {'W', 'A', 'V', 'E'});
    b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1);
    b.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(data);
    for (float v : x) {
      b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(b.array());
    }
  }

  /**
   * Writes {@code count} files {@code speech-NNNNNN.wav} of durations spread over [{@code
   * minSeconds}, {@code maxSeconds}] (deterministic). At most 16 distinct signals are synthesized
   * and reused, so large folders are quick to make.
   */
  public static void writeFolder(
      Path dir, int count, double minSeconds, double maxSeconds, int rate) throws IOException {
    int distinct = Math.min(16, count);
    float[][] pool = new float[distinct][];
    for (int i = 0; i < count; i++) {
      int k = i % distinct;
      if (pool[k] == null) {
        double u = distinct == 1 ? 0 : (k * 0.618034) % 1.0;
        pool[k] = generate(minSeconds + u * (maxSeconds - minSeconds), rate, k);
      }
      writeWav(dir.resolve(String.format("speech-%06d.wav", i)), pool[k], rate);
    }
  }
}
