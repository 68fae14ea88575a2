package dev.vigil.runtime.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmEncoding;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.testing.TestAudio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushSessionTest {
  private static final int W = 48_000;

  private final SegmentReader reader =
      new SegmentReader(SegmentConfig.defaults(), false, DecodeOptions.defaults(), 0);

  /** One window as the sink saw it: where it is and its samples. */
  record Cut(int stream, Window window, float[] samples) {}

  static SegmentReader.ChannelSink into(List<Cut> out) {
    return (s, w, x, off) -> out.add(new Cut(s, w, Arrays.copyOfRange(x, off, off + W)));
  }

  static void assertSameCuts(List<Cut> expected, List<Cut> actual) {
    assertEquals(expected.size(), actual.size(), "windows");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).window(), actual.get(i).window());
      assertEquals(expected.get(i).stream(), actual.get(i).stream());
      assertArrayEquals(expected.get(i).samples(), actual.get(i).samples(), "window " + i);
    }
  }

  @ParameterizedTest(name = "{0} Hz, {1} channel(s), {2} s")
  @CsvSource({"16000, 1, 9.7", "44100, 2, 8.2", "8000, 1, 2.2", "48000, 2, 6.0"})
  void rawBytesInRandomPiecesAreCutIntoTheFilesWindows(int rate, int channels, double seconds)
      throws Exception {
    float[][] ch = new float[channels][];
    for (int c = 0; c < channels; c++) {
      ch[c] = TestAudio.speechLike(seconds, rate, 10 + c);
    }
    byte[] wav = TestAudio.wav16(rate, ch);
    List<Cut> file = new ArrayList<>();
    reader.read(AudioSource.of(wav, "f.wav"), into(file));

    byte[] bytes = TestAudio.data(wav);
    SplittableRandom rnd = new SplittableRandom(rate);
    List<Cut> pushed = new ArrayList<>();
    try (PushSession s =
        reader.openStream(
            "live", StreamFormat.raw(PcmEncoding.PCM_S16LE, rate, channels), into(pushed))) {
      for (int off = 0; off < bytes.length; ) {
        // 1 byte to 3 s of audio
        int n = Math.min(bytes.length - off, 1 + rnd.nextInt(3 * rate * 2 * channels));
        s.write(bytes, off, n);
        off += n;
      }
      SegmentReader.Summary sum = s.finish();
      assertEquals(file.size(), sum.windows());
      assertEquals(Math.round(seconds * 16000), sum.samples(), 1.0);
    }
    assertSameCuts(file, pushed);
  }

  @Test
  void regularWindowsComeAsTheirLastSampleArrivesTheEndAlignedOneAtTheFinish() throws Exception {
    // 7.7 s: regular windows at 0, 1.5, 3, 4.5 s; the end-aligned one at 4.7 s
    byte[] bytes = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(7.7, 16000, 3)));
    List<Cut> cuts = new ArrayList<>();
    try (PushSession s =
        reader.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), into(cuts))) {
      s.write(bytes, 0, 2 * W - 2); // one sample short of the first window
      assertEquals(0, cuts.size());
      s.write(bytes, 2 * W - 2, 2);
      assertEquals(1, cuts.size(), "the first window is cut with its last sample");
      s.write(bytes, 2 * W, bytes.length - 2 * W);
      assertEquals(4, cuts.size(), "every regular window before the end is known");
      s.finish();
    }
    assertEquals(5, cuts.size());
    Window last = cuts.get(4).window();
    assertEquals(7.7 * 16000 - W, last.startSample());
    assertEquals(7.7 * 16000, last.endSample());
  }

  @Test
  void aWavStreamIsCutLikeTheFile() throws Exception {
    byte[] wav =
        TestAudio.wavFloat(
            22050, TestAudio.speechLike(5.1, 22050, 1), TestAudio.speechLike(5.1, 22050, 2));
    List<Cut> file = new ArrayList<>();
    reader.read(AudioSource.of(wav, "f.wav"), into(file));
    List<Cut> pushed = new ArrayList<>();
    try (PushSession s = reader.openStream("live", StreamFormat.wav(), into(pushed))) {
      for (int off = 0; off < wav.length; off += 777) {
        s.write(wav, off, Math.min(777, wav.length - off));
      }
      s.finish();
      assertEquals("pcm_f32le", s.info().codec());
    }
    assertSameCuts(file, pushed);
  }

  @Test
  void aShortStreamIsTiledAtTheFinishAndATooShortOneRefusedAsAFileIs() throws Exception {
    byte[] shortPcm = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(1.4, 16000, 4)));
    List<Cut> cuts = new ArrayList<>();
    try (PushSession s =
        reader.openStream("live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), into(cuts))) {
      s.write(shortPcm, 0, shortPcm.length);
      assertEquals(0, cuts.size());
      s.finish();
    }
    assertEquals(1, cuts.size());
    assertTrue(cuts.get(0).window().tiled());

    byte[] tooShort = TestAudio.wav16(16000, TestAudio.speechLike(0.5, 16000, 4));
    AudioInputException file =
        assertThrows(
            AudioInputException.class,
            () -> reader.read(AudioSource.of(tooShort, "live"), (a, b, c, d) -> {}));
    PushSession s =
        reader.openStream(
            "live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), (a, b, c, d) -> {});
    s.write(TestAudio.data(tooShort), 0, tooShort.length - 44);
    AudioInputException stream = assertThrows(AudioInputException.class, s::finish);
    assertEquals(AudioInputException.Problem.TOO_SHORT, stream.problem());
    assertEquals(file.getMessage(), stream.getMessage());
    assertThrows(IllegalStateException.class, s::finish);
    s.close();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> s.write(new byte[2], 0, 2));
    assertEquals("live: stream session is closed", closed.getMessage());
  }

  @Test
  void aRateTheModelCannotResampleIsRefusedAtTheOpen() {
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () ->
                reader.openStream(
                    "live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 100, 1), (a, b, c, d) -> {}));
    assertEquals(AudioInputException.Problem.INVALID_FORMAT, e.problem());
    assertTrue(e.getMessage().startsWith("live: unsupported sample rate 100 Hz"), e.getMessage());
  }

  @Test
  void aStreamLongerThanTheLimitIsRefusedAsItGoes() throws Exception {
    SegmentReader limited =
        new SegmentReader(SegmentConfig.defaults(), false, DecodeOptions.defaults(), 2.0);
    PushSession s =
        limited.openStream(
            "live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), (a, b, c, d) -> {});
    byte[] pcm = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(3, 16000, 4)));
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> s.write(pcm, 0, pcm.length));
    assertEquals(AudioInputException.Problem.TOO_LONG, e.problem());
    assertEquals("live: too long: more than 2.0 s of audio (the limit)", e.getMessage());
  }
}
