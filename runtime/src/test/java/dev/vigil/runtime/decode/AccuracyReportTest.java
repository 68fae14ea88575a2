package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints the accuracy table of docs/decoding.md: for each fixture, the decoded length and the SNR
 * against the signal it was encoded from (after aligning by the best lag, and after a least-squares
 * gain), per channel. Fixtures read only by ffmpeg are listed when ffmpeg is on PATH. The
 * assertions are in CodecDecodeTest and WavDecoderTest; this only reports.
 */
class AccuracyReportTest {

  @Test
  void printAccuracyTable() throws IOException {
    float[][] s8 = TestAudio.readCanonicalS16("ref_s8.wav");
    float[][] m22 = TestAudio.readCanonicalS16("ref_m22.wav");
    float[][] s44 = TestAudio.decode("ref_s44.flac", TestAudio.JAVA_ONLY).samples();
    String[] files = {
      "wav_u8.wav",
      "wav_s24.wav",
      "wav_s32.wav",
      "wav_f32.wav",
      "wav_f64.wav",
      "wav_mulaw.wav",
      "wav_alaw.wav",
      "wav_rf64.wav",
      "flac16_m22.flac",
      "flac24_s8.flac",
      "mp3_cbr_s44.mp3",
      "mp3_vbr_m22.mp3",
      "mp3_notag_s44.mp3",
      "vorbis_s44.ogg",
      "vorbis_chain_m22.ogg",
      "aac_plain_s44.m4a",
      "aac_plain_m22.m4a",
      "aac_plain_m22.aac",
      "aac_s44.m4a",
      "wav_adpcm.wav"
    };
    boolean ffmpeg = TestAudio.ffmpegOnPath();
    for (String f : files) {
      boolean javaOnly = !f.equals("aac_s44.m4a") && !f.equals("wav_adpcm.wav");
      if (!javaOnly && !ffmpeg) {
        continue;
      }
      DecodeOptions o =
          javaOnly
              ? TestAudio.JAVA_ONLY
              : DecodeOptions.defaults().withTimeout(Duration.ofSeconds(30));
      TestAudio.Decoded d = TestAudio.decode(f, o);
      int rate = d.info().sampleRate();
      float[][] ref = rate == 8000 ? s8 : rate == 22050 ? m22 : s44;
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "accuracy %-22s %-10s %s frames=%d/%d",
                  f,
                  d.info().codec(),
                  javaOnly ? "java  " : "ffmpeg",
                  d.frames(),
                  ref[0].length));
      for (int c = 0; c < ref.length; c++) {
        int lag = TestAudio.bestLag(ref[c], d.samples()[c], 1200);
        float[] x = TestAudio.shift(d.samples()[c], lag);
        double snr = TestAudio.snrDb(ref[c], x);
        sb.append(
            String.format(
                Locale.ROOT,
                " | ch%d lag=%d snr=%s gainfit=%s",
                c,
                lag,
                fmt(snr),
                fmt(TestAudio.snrDbAfterGain(ref[c], x))));
        assertTrue(snr > 10, f + " channel " + c);
      }
      System.out.println(sb);
    }
  }

  private static String fmt(double db) {
    return db > 200 ? "exact" : String.format(Locale.ROOT, "%.1fdB", db);
  }
}
