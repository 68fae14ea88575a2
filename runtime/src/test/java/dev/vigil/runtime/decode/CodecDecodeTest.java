package dev.vigil.runtime.decode;

import static dev.vigil.runtime.decode.TestAudio.JAVA_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pure-Java codecs against the signals the fixtures were encoded from: FLAC bit-exact, lossy
 * codecs by length (exact where the container records it) and SNR versus the source signal.
 */
class CodecDecodeTest {
  private static float[][] m22;
  private static float[][] s44;

  @BeforeAll
  static void references() throws IOException {
    m22 = TestAudio.readCanonicalS16("ref_m22.wav");
    // ref_s44.flac is trusted because flacIsBitExact passes on the same decoder
    s44 = TestAudio.decode("ref_s44.flac", JAVA_ONLY).samples();
  }

  private static AudioInputException failure(byte[] b, String name) {
    AudioInputException e =
        assertThrows(
            AudioInputException.class, () -> TestAudio.decode(AudioSource.of(b, name), JAVA_ONLY));
    TestAudio.assertOneLine(e, name);
    return e;
  }

  @Test
  void flacIsBitExact() throws IOException {
    TestAudio.Decoded d = TestAudio.decode("flac16_m22.flac", JAVA_ONLY);
    assertEquals(new AudioInfo("flac", "flac", 22050, 1, 44100), d.info());
    TestAudio.assertSameSamples(m22, d.samples());
    TestAudio.Decoded d24 = TestAudio.decode("flac24_s8.flac", JAVA_ONLY);
    assertEquals(new AudioInfo("flac", "flac", 8000, 2, 8000), d24.info());
    TestAudio.assertSameSamples(
        TestAudio.decode("wav_s24.wav", JAVA_ONLY).samples(), d24.samples());
    assertEquals(2, s44.length);
    assertEquals(88200, s44[0].length);
  }

  @Test
  void cutFlacIsTruncated() throws IOException {
    byte[] b = TestAudio.bytes("flac16_m22.flac");
    AudioInputException e = failure(Arrays.copyOf(b, b.length * 6 / 10), "cut.flac");
    assertEquals(Problem.TRUNCATED, e.problem());
    assertTrue(e.getMessage().contains("of 44100 samples"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}: {2} frames, SNR >= {3} dB")
  @CsvSource({
    // file, rate, exact frames, min SNR vs source (dB), min SNR after a gain fit (dB)
    "mp3_cbr_s44.mp3, 44100, 88200, 24, 55",
    "mp3_vbr_m22.mp3, 22050, 44100, 48, 54",
    "vorbis_s44.ogg, 44100, 88200, 31, 31",
    "vorbis_chain_m22.ogg, 22050, 44100, 31, 31",
    "aac_plain_s44.m4a, 44100, 88200, 22, 22",
    "aac_plain_m22.m4a, 22050, 44100, 35, 35",
  })
  void lossyCodecsLineUpWithTheSource(String file, int rate, int frames, double snr, double gained)
      throws IOException {
    TestAudio.Decoded d = TestAudio.decode(file, JAVA_ONLY);
    float[][] ref = rate == 44100 ? s44 : m22;
    assertEquals(rate, d.info().sampleRate());
    assertEquals(ref.length, d.info().channels());
    assertEquals(frames, d.frames(), "decoded length");
    for (int c = 0; c < ref.length; c++) {
      assertEquals(0, TestAudio.bestLag(ref[c], d.samples()[c], 1200), "alignment of channel " + c);
      double s = TestAudio.snrDb(ref[c], d.samples()[c]);
      double g = TestAudio.snrDbAfterGain(ref[c], d.samples()[c]);
      assertTrue(s >= snr, file + " channel " + c + " SNR " + s);
      assertTrue(g >= gained, file + " channel " + c + " SNR after gain " + g);
    }
  }

  @Test
  void mp3HeaderReportsTheTrimmedLength() throws IOException {
    try (PcmStream s =
        AudioDecoders.open(AudioSource.of(TestAudio.fixture("mp3_cbr_s44.mp3")), JAVA_ONLY)) {
      assertEquals(new AudioInfo("mp3", "mp3", 44100, 2, 88200), s.info());
    }
  }

  @Test
  void mp3WithoutInfoTagKeepsEveryFrameAndTheDelay() throws IOException {
    TestAudio.Decoded d = TestAudio.decode("mp3_notag_s44.mp3", JAVA_ONLY);
    assertEquals(-1, d.info().frames());
    assertEquals(78 * 1152, d.frames());
    int lag = TestAudio.bestLag(s44[0], d.samples()[0], 2000);
    assertEquals(576 + Mp3Decoder.DECODER_DELAY, lag);
    double snr = TestAudio.snrDb(s44[1], TestAudio.shift(d.samples()[1], lag));
    assertTrue(snr >= 24, "SNR " + snr);
  }

  @Test
  void bothLinksOfTheChainedOggAreDecoded() throws IOException {
    TestAudio.Decoded d = TestAudio.decode("vorbis_chain_m22.ogg", JAVA_ONLY);
    float[] first = Arrays.copyOfRange(m22[0], 0, 22050);
    float[] second = Arrays.copyOfRange(m22[0], 22050, 44100);
    assertTrue(TestAudio.snrDb(first, Arrays.copyOfRange(d.samples()[0], 0, 22050)) > 25);
    assertTrue(TestAudio.snrDb(second, Arrays.copyOfRange(d.samples()[0], 22050, 44100)) > 25);
  }

  @Test
  void cutOggIsTruncated() throws IOException {
    byte[] b = TestAudio.bytes("vorbis_s44.ogg");
    AudioInputException e = failure(Arrays.copyOf(b, b.length / 2), "cut.ogg");
    assertEquals(Problem.TRUNCATED, e.problem());
  }

  @Test
  void aacFromBytesWithMoovAtTheEndAndAdts() throws IOException {
    TestAudio.Decoded m4a =
        TestAudio.decode(AudioSource.of(TestAudio.bytes("aac_plain_m22.m4a"), "up.m4a"), JAVA_ONLY);
    assertEquals(new AudioInfo("aac", "mp4", 22050, 1, 44100), m4a.info());
    assertTrue(TestAudio.snrDb(m22[0], m4a.samples()[0]) > 35);
    TestAudio.Decoded adts = TestAudio.decode("aac_plain_m22.aac", JAVA_ONLY);
    assertEquals(new AudioInfo("aac", "adts", 22050, 1, -1), adts.info());
    // ADTS records no priming: the encoder's 1024 samples stay in front, as with ffmpeg
    assertEquals(46080, adts.frames());
    assertTrue(TestAudio.snrDb(m22[0], TestAudio.shift(adts.samples()[0], 1024)) > 35);
  }

  @Test
  void aacThatJaadWouldSilenceIsRefusedWithoutFfmpeg() {
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> TestAudio.decode("aac_s44.m4a", JAVA_ONLY));
    assertEquals(Problem.UNSUPPORTED_FORMAT, e.problem());
    assertTrue(e.getMessage().contains("needs ffmpeg"), e.getMessage());
  }

  @Test
  void randomBytesAreNotAudioAndCorruptMp3IsMalformed() throws IOException {
    java.util.Random r = new java.util.Random(42);
    byte[] noise = new byte[200_000];
    r.nextBytes(noise);
    assertEquals(Problem.NOT_AUDIO, failure(noise, "noise.mp3").problem());
    byte[] mp3 = TestAudio.bytes("mp3_cbr_s44.mp3");
    byte[] junk = new byte[mp3.length / 3];
    r.nextBytes(junk);
    System.arraycopy(junk, 0, mp3, mp3.length / 3, junk.length);
    assertEquals(Problem.MALFORMED, failure(mp3, "junk.mp3").problem());
  }

  @Test
  void truncatedMp4IsRefusedBeforeJaadSeesIt() throws IOException {
    byte[] b = TestAudio.bytes("aac_plain_s44.m4a");
    AudioInputException e = failure(Arrays.copyOf(b, b.length - 1000), "cut.m4a");
    assertEquals(Problem.TRUNCATED, e.problem());
    assertTrue(e.getMessage().contains("mdat"), e.getMessage());
  }
}
