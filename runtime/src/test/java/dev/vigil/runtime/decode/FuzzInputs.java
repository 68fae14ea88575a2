package dev.vigil.runtime.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Seeds and mutations shared by the fuzz tests, and the one property they check. */
final class FuzzInputs {
  private FuzzInputs() {}

  /** Fixtures a pure-Java decoder reads (ffmpeg-only formats would only test ffmpeg). */
  static final List<String> SEEDS =
      List.of(
          "ref_s8.wav",
          "wav_u8.wav",
          "wav_f32.wav",
          "wav_f64.wav",
          "wav_mulaw.wav",
          "wav_ext3.wav",
          "wav_rf64.wav",
          "flac16_m22.flac",
          "flac24_s8.flac",
          "mp3_cbr_s44.mp3",
          "mp3_vbr_m22.mp3",
          "mp3_notag_s44.mp3",
          "vorbis_s44.ogg",
          "vorbis_chain_m22.ogg",
          "aac_plain_m22.m4a",
          "aac_plain_s44.m4a",
          "aac_plain_m22.aac");

  /** Java decoders only, a short deadline. */
  static final DecodeOptions OPTIONS = new DecodeOptions(Duration.ofSeconds(2), null, false);

  static byte[] seed(int i) {
    try {
      return TestAudio.bytes(SEEDS.get(i));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies 1 to 8 random mutations: bit flips, byte runs, 32-bit extremes, cuts, splices. */
  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(8);
    for (int m = 0; m < n && b.length > 0; m++) {
      int p = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[p] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[p] = (byte) r.nextInt(256);
        case 2 -> {
          int v =
              switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> Integer.MAX_VALUE;
                default -> 0x7fffffff / (1 + r.nextInt(1000));
              };
          for (int k = 0; k < 4 && p + k < b.length; k++) {
            b[p + k] = (byte) (v >> (8 * (r.nextBoolean() ? k : 3 - k)));
          }
        }
        case 3 -> b = java.util.Arrays.copyOf(b, p); // cut
        case 4 -> {
          int len = Math.min(b.length - p, 1 + r.nextInt(512));
          byte[] junk = new byte[len];
          r.nextBytes(junk);
          System.arraycopy(junk, 0, b, p, len);
        }
        case 5 -> { // duplicate a region (repeated headers, frames)
          int len = Math.min(b.length - p, 1 + r.nextInt(2048));
          int q = r.nextInt(b.length);
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, q);
          System.arraycopy(b, p, out, q, len);
          System.arraycopy(b, q, out, q + len, b.length - q);
          b = out;
        }
        default -> { // small header-area edits matter most
          int h = r.nextInt(Math.min(b.length, 128));
          b[h] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }

  /**
   * Decodes the bytes to the end. Returns normally or throws an IOException (an AudioInputException
   * for bad input); anything else is a bug the caller reports.
   */
  static long decode(byte[] data) throws IOException {
    long frames = 0;
    try (PcmStream s = AudioDecoders.open(AudioSource.of(data, "fuzz.bin"), OPTIONS)) {
      int ch = s.info().channels();
      if (ch < 1 || s.info().sampleRate() < 1) {
        throw new AssertionError("impossible format accepted: " + s.info());
      }
      float[][] buf = new float[ch][2048];
      int k;
      while ((k = s.read(buf, 0, 2048)) >= 0) {
        frames += k;
      }
    } catch (AudioInputException e) {
      if (e.getMessage().indexOf('\n') >= 0) {
        throw new AssertionError("multi-line message: " + e.getMessage());
      }
      throw e;
    }
    return frames;
  }
}
