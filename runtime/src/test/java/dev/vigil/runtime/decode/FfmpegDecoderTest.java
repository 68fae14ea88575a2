package dev.vigil.runtime.decode;

import static dev.vigil.runtime.decode.TestAudio.JAVA_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ffmpeg subprocess path (skipped where ffmpeg is not on PATH) and its absence. */
class FfmpegDecoderTest {
  @TempDir Path tmp;

  private static final DecodeOptions WITH_FFMPEG =
      DecodeOptions.defaults().withTimeout(Duration.ofSeconds(30));

  private static float[] rms20ms(float[] x, int rate) {
    int w = rate / 50;
    float[] r = new float[x.length / w];
    for (int i = 0; i < r.length; i++) {
      double s = 0;
      for (int j = 0; j < w; j++) {
        s += x[i * w + j] * x[i * w + j];
      }
      r[i] = (float) Math.sqrt(s / w);
    }
    return r;
  }

  @Test
  void noFfmpegNamesTheFormatAndWhatWouldReadIt() throws IOException {
    Path missing = tmp.resolve("no-such-ffmpeg");
    DecodeOptions o = DecodeOptions.defaults().withFfmpegPath(missing);
    Path webm = tmp.resolve("x.webm");
    Files.copy(TestAudio.fixture("opus_m22.webm"), webm);
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> AudioDecoders.open(AudioSource.of(webm), o));
    assertEquals(Problem.UNSUPPORTED_FORMAT, e.problem());
    assertEquals(
        webm + ": WebM/Matroska audio needs ffmpeg (not found at " + missing + ")", e.getMessage());
    AudioInputException ogg =
        assertThrows(
            AudioInputException.class,
            () ->
                AudioDecoders.open(AudioSource.of(TestAudio.bytes("opus_m22.opus"), "a.opus"), o));
    assertEquals("a.opus: Ogg Opus needs ffmpeg (not found at " + missing + ")", ogg.getMessage());
  }

  @Test
  void opusInWebmAndOggFromPathAndBytes() throws IOException {
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    float[][] ref = TestAudio.readCanonicalS16("ref_m22.wav");
    for (AudioSource src :
        new AudioSource[] {
          AudioSource.of(TestAudio.fixture("opus_m22.webm")),
          AudioSource.of(TestAudio.bytes("opus_m22.opus"), "upload.opus")
        }) {
      TestAudio.Decoded d = TestAudio.decode(src, WITH_FFMPEG);
      assertEquals("opus", d.info().codec());
      assertEquals(48000, d.info().sampleRate());
      assertEquals(1, d.info().channels());
      assertEquals(96000, d.frames(), 960);
      // Opus resamples to 48 kHz: compare 20 ms loudness envelopes instead of samples, over the
      // first 1.6 s (libopus itself adds a loud artefact to this synthetic signal near 1.8 s)
      float[] a = java.util.Arrays.copyOf(rms20ms(ref[0], 22050), 80);
      float[] b = rms20ms(d.samples()[0], 48000);
      double snr = TestAudio.snrDb(a, java.util.Arrays.copyOf(b, a.length));
      assertTrue(snr > 20, src.name() + " envelope SNR " + snr);
    }
  }

  @Test
  void aacPrefersFfmpegWhichDecodesNoiseSubstitution() throws IOException {
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    float[][] s44 = TestAudio.decode("ref_s44.flac", JAVA_ONLY).samples();
    for (AudioSource src :
        new AudioSource[] {
          AudioSource.of(TestAudio.fixture("aac_s44.m4a")),
          AudioSource.of(TestAudio.bytes("aac_s44.m4a"), "upload.m4a")
        }) {
      TestAudio.Decoded d = TestAudio.decode(src, WITH_FFMPEG);
      assertEquals("aac", d.info().codec());
      assertTrue(d.frames() >= 88200, "frames " + d.frames());
      for (int c = 0; c < 2; c++) {
        double snr = TestAudio.snrDb(s44[c], d.samples()[c]);
        assertTrue(snr > 26, src.name() + " channel " + c + " SNR " + snr);
      }
    }
  }

  @Test
  void adpcmWavGoesThroughFfmpeg() throws IOException {
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    float[][] ref = TestAudio.readCanonicalS16("ref_s8.wav");
    TestAudio.Decoded d = TestAudio.decode("wav_adpcm.wav", WITH_FFMPEG);
    assertEquals("adpcm_ms", d.info().codec());
    assertEquals(2, d.info().channels());
    for (int c = 0; c < 2; c++) {
      double snr = TestAudio.snrDb(ref[c], d.samples()[c]);
      assertTrue(snr > 15, "channel " + c + " SNR " + snr);
    }
  }

  @Test
  void jlayerMatchesFfmpegOnTheSameMp3() throws IOException {
    Path ffmpeg = FfmpegDecoder.locate(WITH_FFMPEG);
    assumeTrue(ffmpeg != null, "ffmpeg not on PATH");
    AudioSource src = AudioSource.of(TestAudio.fixture("mp3_cbr_s44.mp3"));
    TestAudio.Decoded jl = TestAudio.decode(src, JAVA_ONLY);
    TestAudio.Decoded ff;
    try (PcmStream s =
        FfmpegDecoder.open(src, new Deadline(src.name(), Duration.ofSeconds(30)), ffmpeg, false)) {
      ff = TestAudio.drain(s);
    }
    assertEquals(ff.frames(), jl.frames());
    for (int c = 0; c < 2; c++) {
      double snr = TestAudio.snrDbAfterGain(ff.samples()[c], jl.samples()[c]);
      System.out.printf(
          java.util.Locale.ROOT,
          "JLayer vs ffmpeg, mp3_cbr_s44.mp3 channel %d: %.1f dB after a gain fit, %.1f dB without%n",
          c,
          snr,
          TestAudio.snrDb(ff.samples()[c], jl.samples()[c]));
      assertTrue(snr > 60, "channel " + c + " JLayer vs ffmpeg SNR " + snr);
    }
  }

  @Test
  void ffmpegFailureIsOneLine() throws IOException {
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    byte[] webm = TestAudio.bytes("opus_m22.webm");
    byte[] broken = java.util.Arrays.copyOf(webm, 300);
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () -> TestAudio.decode(AudioSource.of(broken, "broken.webm"), WITH_FFMPEG));
    TestAudio.assertOneLine(e, "broken.webm");
    byte[] text = "\u001a\u0045\u00df\u00a3 just text".getBytes(StandardCharsets.ISO_8859_1);
    AudioInputException t =
        assertThrows(
            AudioInputException.class,
            () -> TestAudio.decode(AudioSource.of(text, "fake.webm"), WITH_FFMPEG));
    TestAudio.assertOneLine(t, "fake.webm");
  }

  @Test
  void ffmpegThatFailsOrWritesNothingIsReportedWithItsMessage() throws IOException {
    assumeTrue(!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win"));
    Path failing = tmp.resolve("ffmpeg-fails");
    Files.writeString(
        failing,
        "#!/bin/sh\necho 'pipe:0: Invalid data found when processing input' >&2\nexit 1\n");
    Path silent = tmp.resolve("ffmpeg-silent");
    Files.writeString(silent, "#!/bin/sh\nexit 0\n");
    for (Path p : new Path[] {failing, silent}) {
      Files.setPosixFilePermissions(
          p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    byte[] webm = TestAudio.bytes("opus_m22.webm");
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () ->
                TestAudio.decode(
                    AudioSource.of(webm, "a.webm"), WITH_FFMPEG.withFfmpegPath(failing)));
    assertEquals(Problem.MALFORMED, e.problem());
    assertEquals(
        "a.webm: ffmpeg could not decode it: pipe:0: Invalid data found when processing input",
        e.getMessage());
    AudioInputException s =
        assertThrows(
            AudioInputException.class,
            () ->
                TestAudio.decode(
                    AudioSource.of(webm, "b.webm"), WITH_FFMPEG.withFfmpegPath(silent)));
    assertEquals(Problem.MALFORMED, s.problem());
    assertTrue(s.getMessage().startsWith("b.webm: ffmpeg produced no audio"), s.getMessage());
  }
}
