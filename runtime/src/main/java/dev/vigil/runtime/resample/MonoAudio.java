package dev.vigil.runtime.resample;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A whole input decoded, mixed down to mono (the mean of the channels) and resampled, in memory:
 * for callers that look at one clip at a time (the trainer's clips, {@code vigil explain} and
 * {@code bench}). Detection streams instead ({@code segment.SegmentReader}).
 */
public final class MonoAudio {
  private static final int BLOCK = 8192;

  private MonoAudio() {}

  /**
   * Decodes {@code source} to mono at {@code rate}.
   *
   * @param maxSamples longer audio is refused with {@code TOO_LONG} (bounds memory); {@link
   *     Long#MAX_VALUE} for no bound
   * @param tooLong the message of that refusal, e.g. "longer than 600 s, the most this command
   *     loads"
   * @throws AudioInputException one line naming the input, when the audio is bad or too long
   */
  public static float[] read(
      AudioSource source, int rate, long maxSamples, String tooLong, DecodeOptions options)
      throws IOException {
    try (PcmStream in = AudioDecoders.open(source, options)) {
      int ch = in.info().channels();
      Resampler rs = Resampler.forInput(source.name(), in.info().sampleRate(), rate);
      float[][] block = new float[ch][BLOCK];
      float[] mono = new float[BLOCK];
      float[] res = new float[Math.max(rs.maxOutput(BLOCK) + 64, 1 << 14)];
      float[] out = new float[1 << 16];
      int n = 0;
      int got;
      while ((got = in.read(block, 0, BLOCK)) >= 0) {
        mix(block, ch, got, mono);
        int w = rs.process(mono, 0, got, res, 0);
        checkLength(source, n + (long) w, maxSamples, tooLong);
        out = append(out, n, res, w);
        n += w;
      }
      int w = rs.flush(res, 0);
      checkLength(source, n + (long) w, maxSamples, tooLong);
      out = append(out, n, res, w);
      n += w;
      return Arrays.copyOf(out, n);
    }
  }

  /**
   * The mean of {@code channels} channels' first {@code n} samples into {@code mono}: the one
   * down-mix of the runtime (this class, and the streaming {@code segment.SegmentReader}), so the
   * trainer's clips and served audio are mixed bit for bit alike.
   */
  public static void mix(float[][] block, int channels, int n, float[] mono) {
    if (channels == 1) {
      System.arraycopy(block[0], 0, mono, 0, n);
      return;
    }
    for (int i = 0; i < n; i++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += block[c][i];
      }
      mono[i] = sum / channels;
    }
  }

  private static void checkLength(AudioSource source, long n, long max, String tooLong)
      throws AudioInputException {
    if (n > max) {
      throw new AudioInputException(source.name(), AudioInputException.Problem.TOO_LONG, tooLong);
    }
  }

  private static float[] append(float[] out, int n, float[] src, int len) {
    if (n + len > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, n + len));
    }
    System.arraycopy(src, 0, out, n, len);
    return out;
  }
}
