package dev.vigil.trainer.audio;

import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import dev.vigil.runtime.resample.Resampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Decodes a whole clip to 16 kHz mono floats through the runtime's decoders and resampler. */
public final class ClipAudio {
  /** The rate every clip is brought to. */
  public static final int RATE = 16000;

  private static final int BLOCK = 8192;

  private ClipAudio() {}

  /** A loader that decodes with these options. */
  public static ClipLoader loader(DecodeOptions options) {
    return path -> load(path, options);
  }

  /**
   * Decodes, down-mixes (mean of channels) and resamples a file.
   *
   * @param path the audio file
   * @param options decoding options (deadline, ffmpeg)
   * @return the samples at 16 kHz
   * @throws IOException with a one-line message naming the file when it cannot be decoded
   */
  public static float[] load(Path path, DecodeOptions options) throws IOException {
    try (PcmStream in = AudioDecoders.open(AudioSource.of(path), options)) {
      int ch = in.info().channels();
      Resampler rs = Resampler.forInput(path.toString(), in.info().sampleRate(), RATE);
      float[][] block = new float[ch][BLOCK];
      float[] mono = new float[BLOCK];
      float[] res = new float[rs.maxOutput(BLOCK) + 64];
      float[] out = new float[1 << 16];
      int n = 0;
      int got;
      while ((got = in.read(block, 0, BLOCK)) >= 0) {
        if (got == 0) {
          continue;
        }
        for (int i = 0; i < got; i++) {
          float s = 0;
          for (int c = 0; c < ch; c++) {
            s += block[c][i];
          }
          mono[i] = s / ch;
        }
        int w = rs.process(mono, 0, got, res, 0);
        out = append(out, n, res, w);
        n += w;
      }
      int w = rs.flush(res, 0);
      out = append(out, n, res, w);
      n += w;
      return Arrays.copyOf(out, n);
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
