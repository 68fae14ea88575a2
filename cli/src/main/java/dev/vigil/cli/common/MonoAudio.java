package dev.vigil.cli.common;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import dev.vigil.runtime.resample.Resampler;
import java.io.IOException;
import java.util.Arrays;

/**
 * A whole file decoded, mixed down to mono and resampled to the model rate, in memory. For commands
 * that look at one file at a time ({@code explain}, {@code bench}); {@code scan} streams instead.
 */
public final class MonoAudio {

  private MonoAudio() {}

  /**
   * Decodes {@code source} to mono at {@code rate}.
   *
   * @param maxSeconds longer audio is refused (bounds memory)
   * @throws AudioInputException when the audio is bad or too long
   */
  public static float[] load(AudioSource source, int rate, double maxSeconds, DecodeOptions options)
      throws IOException {
    try (PcmStream in = AudioDecoders.open(source, options)) {
      int ch = in.info().channels();
      Resampler rs = new Resampler(in.info().sampleRate(), rate);
      int block = 4096;
      float[][] buf = new float[ch][block];
      float[] mono = new float[block];
      float[] res = new float[rs.maxOutput(block)];
      float[] out = new float[1 << 16];
      int n = 0;
      long limit = (long) Math.ceil(maxSeconds * rate);
      int got;
      while ((got = in.read(buf, 0, block)) >= 0) {
        for (int i = 0; i < got; i++) {
          float s = 0;
          for (int c = 0; c < ch; c++) {
            s += buf[c][i];
          }
          mono[i] = s / ch;
        }
        int r = rs.process(mono, 0, got, res, 0);
        if (n + r > limit) {
          throw new AudioInputException(
              source.name(),
              AudioInputException.Problem.TOO_LONG,
              "longer than " + maxSeconds + " s, the most this command loads");
        }
        if (n + r > out.length) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, n + r));
        }
        System.arraycopy(res, 0, out, n, r);
        n += r;
      }
      float[] tail = new float[Math.max(rs.maxOutput(block), 1 << 14)];
      int t = rs.flush(tail, 0);
      if (n + t > out.length) {
        out = Arrays.copyOf(out, n + t);
      }
      System.arraycopy(tail, 0, out, n, t);
      n += t;
      return Arrays.copyOf(out, n);
    }
  }
}
