package dev.vigil.runtime.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.AudioInputException;
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
            () -> reader.read(AudioSource.of(wav, "low.wav"), (s, w, x, off) -> {}, () -> false));
    assertEquals(AudioInputException.Problem.INVALID_FORMAT, e.problem());
    assertTrue(
        e.getMessage().startsWith("low.wav: unsupported sample rate 100 Hz"), e.getMessage());
  }

  @Test
  void aSupportedRateIsRead() throws Exception {
    float[] tone = TestAudio.tone(440, 2.0, 8000, 0.5);
    SegmentReader.Summary s =
        reader.read(
            AudioSource.of(TestAudio.wav16(8000, tone), "tone.wav"),
            (st, w, x, off) -> {},
            () -> false);
    assertEquals(1, s.windows());
  }
}
