package dev.vigil.runtime.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic test signals and WAV encoding, so tests can make folders of audio without fixtures.
 * Signals are float arrays in [-1, 1]; {@link #wav16} and {@link #wavFloat} encode one or more
 * channels (all the same length) as RIFF/WAVE bytes.
 */
public final class TestAudio {
  private TestAudio() {}

  /** The model rate. */
  public static final int RATE = 16000;

  /** Samples for {@code seconds} at {@code rate}. */
  public static int samples(double seconds, int rate) {
    return (int) Math.round(seconds * rate);
  }

  /**
   * A speech-like signal: a glottal-ish harmonic series whose pitch glides between 90 and 220 Hz,
   * shaped by two moving formant-like resonances, with a syllable-rate envelope (about 4 Hz),
   * pauses and a little noise. Deterministic for a seed; RMS about −20 dBFS.
   */
  public static float[] speechLike(double seconds, int rate, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = samples(seconds, rate);
    float[] x = new float[n];
    double f0Base = 90 + 130 * rnd.nextDouble();
    double syllable = 3 + 2 * rnd.nextDouble();
    double formant1 = 500 + 300 * rnd.nextDouble();
    double formant2 = 1200 + 900 * rnd.nextDouble();
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      double f0 = f0Base * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t));
      phase += 2 * Math.PI * f0 / rate;
      double f1 = formant1 * (1 + 0.3 * Math.sin(2 * Math.PI * 1.3 * t));
      double f2 = formant2 * (1 + 0.2 * Math.sin(2 * Math.PI * 0.9 * t + 1));
      double v = 0;
      for (int h = 1; h <= 25; h++) {
        double fh = h * f0;
        if (fh > rate / 2.0 - 200) {
          break;
        }
        double g =
            1 / (1 + Math.pow((fh - f1) / 150, 2)) + 0.6 / (1 + Math.pow((fh - f2) / 250, 2));
        v += g * Math.sin(h * phase) / Math.sqrt(h);
      }
      double env = Math.max(0, Math.sin(Math.PI * syllable * t));
      env = env * env;
      x[i] = (float) (0.12 * env * v + 0.002 * (rnd.nextDouble() * 2 - 1));
    }
    return x;
  }

  /** A sine tone of {@code amplitude} (peak) at {@code hz}. */
  public static float[] tone(double hz, double seconds, int rate, double amplitude) {
    int n = samples(seconds, rate);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  /** Uniform white noise of {@code amplitude} (peak). */
  public static float[] noise(double seconds, int rate, double amplitude, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[samples(seconds, rate)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude * (rnd.nextDouble() * 2 - 1));
    }
    return x;
  }

  /** Digital silence. */
  public static float[] silence(double seconds, int rate) {
    return new float[samples(seconds, rate)];
  }

  /** The signals one after another. */
  public static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** 16-bit PCM WAV bytes of one or more channels of equal length (samples clipped to [-1, 1]). */
  public static byte[] wav16(int rate, float[]... channels) {
    int ch = channels.length;
    int n = sameLength(channels);
    ByteBuffer b = header(rate, ch, n, 16, 1);
    for (int i = 0; i < n; i++) {
      for (float[] c : channels) {
        double v = Math.max(-1, Math.min(1, c[i]));
        b.putShort((short) Math.round(v * 32767));
      }
    }
    return b.array();
  }

  /**
   * The samples of a WAV made by {@link #wav16} or {@link #wavFloat}, without its 44-byte header:
   * raw little-endian PCM, channels interleaved.
   */
  public static byte[] data(byte[] wav) {
    return java.util.Arrays.copyOfRange(wav, 44, wav.length);
  }

  /** 32-bit float WAV bytes (format 3) of one or more channels of equal length. */
  public static byte[] wavFloat(int rate, float[]... channels) {
    int ch = channels.length;
    int n = sameLength(channels);
    ByteBuffer b = header(rate, ch, n, 32, 3);
    for (int i = 0; i < n; i++) {
      for (float[] c : channels) {
        b.putFloat(c[i]);
      }
    }
    return b.array();
  }

  private static int sameLength(float[]... channels) {
    if (channels.length == 0) {
      throw new IllegalArgumentException("need at least one channel");
    }
    for (float[] c : channels) {
      if (c.length != channels[0].length) {
        throw new IllegalArgumentException("channels differ in length");
      }
    }
    return channels[0].length;
  }

  private static ByteBuffer header(int rate, int channels, int frames, int bits, int format) {
    int bytesPerFrame = channels * bits / 8;
    int data = frames * bytesPerFrame;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + data).put(new byte[] {'W', 'A', 'V', 'E'});
    b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) format);
    b.putShort((short) channels).putInt(rate).putInt(rate * bytesPerFrame);
    b.putShort((short) bytesPerFrame).putShort((short) bits);
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(data);
    return b;
  }

  /** Writes 16-bit PCM WAV to {@code file} (parent folders created) and returns it. */
  public static Path writeWav(Path file, int rate, float[]... channels) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, wav16(rate, channels));
    return file;
  }

  /**
   * A folder of {@code count} mono 16 kHz speech-like WAV files named {@code speech-000.wav}, … of
   * durations cycling through {@code seconds}.
   */
  public static List<Path> speechFolder(Path dir, int count, double... seconds) throws IOException {
    List<Path> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double s = seconds.length == 0 ? 3.5 : seconds[i % seconds.length];
      out.add(
          writeWav(dir.resolve(String.format("speech-%03d.wav", i)), RATE, speechLike(s, RATE, i)));
    }
    return out;
  }
}
