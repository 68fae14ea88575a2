package dev.vigil.runtime.decode;

import static dev.vigil.runtime.decode.TestAudio.JAVA_ONLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavDecoderTest {
  @TempDir Path tmp;

  private static final short[] SAMPLES = {0, 1000, -1000, 32767, -32768, 12345, -1, 7};

  private static float[] expected16(short... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i] / 32768f;
    }
    return f;
  }

  private static TestAudio.Decoded decodeBytes(byte[] b) throws IOException {
    return TestAudio.decode(AudioSource.of(b, "t.wav"), JAVA_ONLY);
  }

  private static AudioInputException failure(byte[] b, String name) {
    AudioInputException e =
        assertThrows(
            AudioInputException.class, () -> TestAudio.decode(AudioSource.of(b, name), JAVA_ONLY));
    TestAudio.assertOneLine(e, name);
    return e;
  }

  @ParameterizedTest(name = "{0} is bit-exact")
  @CsvSource({
    "wav_s24.wav, pcm_s24le",
    "wav_s32.wav, pcm_s32le",
    "wav_f32.wav, pcm_f32le",
    "wav_f64.wav, pcm_f64le",
    "wav_rf64.wav, pcm_s16le",
    "wav_named.mp3, pcm_s16le"
  })
  void losslessVariantsEqualTheReference(String file, String codec) throws IOException {
    float[][] ref = TestAudio.readCanonicalS16("ref_s8.wav");
    TestAudio.Decoded d = TestAudio.decode(file, JAVA_ONLY);
    assertEquals(new AudioInfo(codec, "wav", 8000, 2, 8000), d.info());
    TestAudio.assertSameSamples(ref, d.samples());
  }

  @Test
  void unsigned8BitIsWithinOneStep() throws IOException {
    float[][] ref = TestAudio.readCanonicalS16("ref_s8.wav");
    TestAudio.Decoded d = TestAudio.decode("wav_u8.wav", JAVA_ONLY);
    assertEquals("pcm_u8", d.info().codec());
    for (int c = 0; c < 2; c++) {
      assertEquals(8000, d.samples()[c].length);
      for (int i = 0; i < 8000; i++) {
        assertEquals(ref[c][i], d.samples()[c][i], 1 / 128f + 1e-6f);
      }
    }
  }

  @ParameterizedTest(name = "{0}: G.711 SNR >= 30 dB")
  @CsvSource({"wav_mulaw.wav, pcm_mulaw", "wav_alaw.wav, pcm_alaw"})
  void g711IsCloseToTheReference(String file, String codec) throws IOException {
    float[][] ref = TestAudio.readCanonicalS16("ref_s8.wav");
    TestAudio.Decoded d = TestAudio.decode(file, JAVA_ONLY);
    assertEquals(codec, d.info().codec());
    for (int c = 0; c < 2; c++) {
      assertEquals(8000, d.samples()[c].length);
      double snr = TestAudio.snrDb(ref[c], d.samples()[c]);
      assertTrue(snr >= 30, file + " channel " + c + " SNR " + snr);
    }
  }

  @Test
  void extensibleThreeChannelsKeepTheirOrder() throws IOException {
    float[][] ref = TestAudio.readCanonicalS16("ref_s8.wav");
    TestAudio.Decoded d = TestAudio.decode("wav_ext3.wav", JAVA_ONLY);
    assertEquals(new AudioInfo("pcm_s16le", "wav", 8000, 3, 8000), d.info());
    assertArrayEquals(ref[0], d.samples()[0]);
    assertArrayEquals(ref[1], d.samples()[1]);
    for (int i = 0; i < 8000; i++) {
      // sox's remix 1,2 averages the two inputs
      assertEquals((ref[0][i] + ref[1][i]) / 2, d.samples()[2][i], 1 / 32768f);
    }
  }

  @Test
  void chunksInAnyOrderOddSizesAndUnknownChunksAreHandled() throws IOException {
    byte[] data = WavBytes.s16(SAMPLES);
    byte[] odd = "abc".getBytes(StandardCharsets.US_ASCII);
    byte[] wav =
        new WavBytes()
            .chunk("LIST", odd)
            .chunk("junk", new byte[7])
            .chunk("data", data)
            .chunk("bext", new byte[5])
            .chunk("fmt ", WavBytes.fmt(1, 1, 16000, 16))
            .build();
    TestAudio.Decoded d = decodeBytes(wav);
    assertEquals(new AudioInfo("pcm_s16le", "wav", 16000, 1, SAMPLES.length), d.info());
    assertArrayEquals(expected16(SAMPLES), d.samples()[0]);
  }

  @Test
  void dataBeforeFmtWorksFromAFileToo() throws IOException {
    byte[] wav =
        new WavBytes()
            .chunk("data", WavBytes.s16(SAMPLES))
            .chunk("fmt ", WavBytes.fmt(1, 2, 8000, 16))
            .build();
    Path f = tmp.resolve("order.wav");
    Files.write(f, wav);
    TestAudio.Decoded d = TestAudio.decode(AudioSource.of(f), JAVA_ONLY);
    assertEquals(2, d.info().channels());
    assertEquals(SAMPLES.length / 2, d.frames());
    assertEquals(1000 / 32768f, d.samples()[1][0]);
    assertEquals(-1000 / 32768f, d.samples()[0][1]);
  }

  @Test
  void placeholderDataSizeReadsToTheEnd() throws IOException {
    byte[] wav =
        new WavBytes()
            .chunk("fmt ", WavBytes.fmt(1, 1, 8000, 16))
            .chunk("data", 0xFFFFFFFFL, WavBytes.s16(SAMPLES))
            .riffSize(0xFFFFFFFFL)
            .build();
    TestAudio.Decoded d = decodeBytes(wav);
    assertEquals(-1, d.info().frames());
    assertArrayEquals(expected16(SAMPLES), d.samples()[0]);
  }

  @Test
  void dataChunkShorterThanDeclaredIsTruncatedWithTheMissingAmount() {
    byte[] wav =
        new WavBytes()
            .chunk("fmt ", WavBytes.fmt(1, 1, 8000, 16))
            .chunk("data", 1000, WavBytes.s16(SAMPLES))
            .build();
    AudioInputException e = failure(wav, "cut.wav");
    assertEquals(Problem.TRUNCATED, e.problem());
    assertTrue(e.getMessage().contains("984 bytes missing"), e.getMessage());
  }

  @Test
  void lyingChunkSizeIsMalformed() {
    byte[] wav =
        new WavBytes()
            .chunk("fmt ", WavBytes.fmt(1, 1, 8000, 16))
            .chunk("LIST", 1_000_000, new byte[4])
            .chunk("data", WavBytes.s16(SAMPLES))
            .build();
    AudioInputException e = failure(wav, "lie.wav");
    assertEquals(Problem.MALFORMED, e.problem());
    assertTrue(e.getMessage().contains("'LIST' claims 1000000 bytes"), e.getMessage());
  }

  @Test
  void emptyTruncatedAndTextInputs() {
    assertEquals(Problem.EMPTY, failure(new byte[0], "e.wav").problem());
    byte[] riff = Arrays.copyOf("RIFF\0\0\0\0WA".getBytes(StandardCharsets.US_ASCII), 10);
    AudioInputException t = failure(riff, "short.wav");
    assertEquals(Problem.TRUNCATED, t.problem());
    assertTrue(t.getMessage().contains("10 of 12 bytes"), t.getMessage());
    byte[] headerOnly =
        Arrays.copyOf(new WavBytes().chunk("fmt ", WavBytes.fmt(1, 1, 8000, 16)).build(), 30);
    assertEquals(Problem.TRUNCATED, failure(headerOnly, "h.wav").problem());
    AudioInputException text =
        failure("hello, this is not audio\n".getBytes(StandardCharsets.UTF_8), "notes.mp3");
    assertEquals(Problem.NOT_AUDIO, text.problem());
    assertTrue(text.getMessage().contains("text"), text.getMessage());
  }

  @ParameterizedTest(name = "{0} channels, {1} Hz, {2} bits, tag {3}: {4}")
  @CsvSource({
    "0, 8000, 16, 1, INVALID_FORMAT",
    "1, 0, 16, 1, INVALID_FORMAT",
    "1, 8000, 0, 1, INVALID_FORMAT",
    "1, 8000, 24, 3, INVALID_FORMAT",
    "1000, 8000, 16, 1, INVALID_FORMAT",
    "1, 8000, 4, 2, UNSUPPORTED_FORMAT",
  })
  void impossibleOrUnsupportedFormats(int ch, int rate, int bits, int tag, Problem p) {
    byte[] wav =
        new WavBytes()
            .chunk("fmt ", WavBytes.fmt(tag, ch, rate, bits))
            .chunk("data", new byte[64])
            .build();
    assertEquals(p, failure(wav, "f.wav").problem());
  }

  @Test
  void adpcmNamesTheFormatTagAndFfmpeg() {
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> TestAudio.decode("wav_adpcm.wav", JAVA_ONLY));
    assertEquals(Problem.UNSUPPORTED_FORMAT, e.problem());
    assertTrue(e.getMessage().contains("0x0002 (Microsoft ADPCM)"), e.getMessage());
    assertTrue(e.getMessage().contains("ffmpeg"), e.getMessage());
  }

  @Test
  void nanAndInfinityAreRefused() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      byte[] wav =
          new WavBytes()
              .chunk("fmt ", WavBytes.fmt(3, 1, 8000, 32))
              .chunk("data", WavBytes.f32(0.5f, 0.25f, bad, 0f))
              .build();
      AudioInputException e = failure(wav, "nan.wav");
      assertEquals(Problem.NON_FINITE, e.problem());
      assertTrue(e.getMessage().contains("frame 2"), e.getMessage());
    }
  }

  @Test
  void missingFileAndDirectoryAreUnreadable() {
    Path missing = tmp.resolve("nope.wav");
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () -> AudioDecoders.open(AudioSource.of(missing), JAVA_ONLY));
    assertEquals(Problem.UNREADABLE, e.problem());
    TestAudio.assertOneLine(e, missing.toString());
    AudioInputException d =
        assertThrows(
            AudioInputException.class, () -> AudioDecoders.open(AudioSource.of(tmp), JAVA_ONLY));
    assertEquals(Problem.UNREADABLE, d.problem());
  }

  @Test
  void readsAfterTheDeadlineTimeOut() throws IOException {
    DecodeOptions o = JAVA_ONLY.withTimeout(Duration.ofNanos(1));
    try (PcmStream s = AudioDecoders.open(AudioSource.of(TestAudio.fixture("ref_s8.wav")), o)) {
      AudioInputException e =
          assertThrows(AudioInputException.class, () -> s.read(new float[2][100], 0, 100));
      assertEquals(Problem.TIMEOUT, e.problem());
    } catch (AudioInputException e) {
      assertEquals(Problem.TIMEOUT, e.problem()); // the deadline may pass already while sniffing
    }
  }

  @Test
  void closedStreamRefusesReadsAndChecksArguments() throws IOException {
    PcmStream s = AudioDecoders.open(AudioSource.of(TestAudio.fixture("ref_s8.wav")), JAVA_ONLY);
    assertThrows(IllegalArgumentException.class, () -> s.read(new float[1][10], 0, 10));
    assertEquals(10, s.read(new float[2][10], 0, 10));
    s.close();
    s.close();
    assertThrows(IllegalStateException.class, () -> s.read(new float[2][10], 0, 10));
  }
}
