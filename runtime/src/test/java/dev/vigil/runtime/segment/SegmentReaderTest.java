package dev.vigil.runtime.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.testing.TestAudio;
import org.junit.jupiter.api.Test;

class SegmentReaderTest {

  private final SegmentReader reader =
      new SegmentReader(SegmentConfig.defaults(), false, DecodeOptions.defaults(), 0);

  @Test
  void sampleRateOutsideTheResamplersRangeIsABadInputNotACrash() {
    // 100 Hz is 160 times below the model's 16 kHz: valid WAV, but no resampler reads it
    byte[] wav = TestAudio.wav16(100, new float[400]);
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () -> reader.read(AudioSource.of(wav, "low.wav"), (s, w, x, off) -> {}));
    assertEquals(AudioInputException.Problem.INVALID_FORMAT, e.problem());
    assertTrue(
        e.getMessage().startsWith("low.wav: unsupported sample rate 100 Hz"), e.getMessage());
  }

  @Test
  void aSupportedRateIsRead() throws Exception {
    float[] tone = TestAudio.tone(440, 2.0, 8000, 0.5);
    SegmentReader.Summary s =
        reader.read(AudioSource.of(TestAudio.wav16(8000, tone), "tone.wav"), (st, w, x, off) -> {});
    assertEquals(1, s.windows());
  }

  /** Every window's samples of one input, read with the given reader. */
  private static java.util.List<float[]> windows(SegmentReader r, byte[] wav, String name)
      throws Exception {
    java.util.List<float[]> out = new java.util.ArrayList<>();
    r.read(
        AudioSource.of(wav, name),
        (st, w, x, off) -> out.add(java.util.Arrays.copyOfRange(x, off, off + 48_000)));
    return out;
  }

  @Test
  void reusedBuffersLeaveNoTraceOfThePreviousInput() throws Exception {
    // a long loud input, then a short quiet one (tiled) and a 44.1 kHz one through the same reader:
    // each reads exactly as through a fresh reader
    byte[] loud = TestAudio.wav16(16000, TestAudio.tone(300, 7.0, 16000, 0.9));
    byte[] shortQuiet = TestAudio.wav16(16000, TestAudio.tone(1000, 1.3, 16000, 0.05));
    byte[] cd = TestAudio.wav16(44100, TestAudio.tone(700, 4.2, 44100, 0.3));
    windows(reader, loud, "loud.wav");
    for (byte[] wav : new byte[][] {shortQuiet, cd, shortQuiet}) {
      java.util.List<float[]> reused = windows(reader, wav, "x.wav");
      java.util.List<float[]> fresh =
          windows(
              new SegmentReader(SegmentConfig.defaults(), false, DecodeOptions.defaults(), 0),
              wav,
              "x.wav");
      assertEquals(fresh.size(), reused.size());
      for (int i = 0; i < fresh.size(); i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.get(i), reused.get(i));
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {16000, 44100})
  void anInputAfterTheFirstCostsNoWindowBufferAllocation(int rate) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.lang.management.ManagementFactory.getThreadMXBean()
            instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    // 44.1 kHz: the resampler's block buffer (~0.5 MB) is reused between inputs too
    byte[] wav = TestAudio.wav16(rate, TestAudio.tone(300, 4.0, rate, 0.5));
    SegmentReader.ChannelSink none = (st, w, x, off) -> {};
    for (int i = 0; i < 20; i++) { // warm-up (JIT) and the first buffers
      reader.read(AudioSource.of(wav, "a.wav"), none);
    }
    long id = Thread.currentThread().getId();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long before = mx.getThreadAllocatedBytes(id);
      reader.read(AudioSource.of(wav, "a.wav"), none);
      least = Math.min(least, mx.getThreadAllocatedBytes(id) - before);
    }
    // the segmenter's two windows alone are 384,000 bytes; decoder blocks and the like remain
    assertTrue(least < 150_000, rate + " Hz: allocated " + least + " bytes per input");
  }

  @Test
  void threeChannelsAreMixedExactlyAsTheTrainersClipsAre() throws Exception {
    // the streaming reader and the whole-clip MonoAudio share one down-mix: bit-identical windows
    byte[] wav =
        TestAudio.wavFloat(
            16000,
            TestAudio.noise(3.0, 16000, 0.3, 1),
            TestAudio.noise(3.0, 16000, 0.2, 2),
            TestAudio.tone(500, 3.0, 16000, 0.4));
    float[] clip =
        dev.vigil.runtime.resample.MonoAudio.read(
            AudioSource.of(wav, "three.wav"), 16000, Long.MAX_VALUE, "", DecodeOptions.defaults());
    java.util.List<float[]> w = windows(reader, wav, "three.wav");
    assertEquals(1, w.size());
    org.junit.jupiter.api.Assertions.assertArrayEquals(clip, w.get(0));
  }
}
