package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.testing.TestAudio;
import org.junit.jupiter.api.Test;

/** One clip to a mono array: the channels' mean, resampled, bounded. */
class MonoAudioTest {
  @Test
  void stereoIsTheMeanOfItsChannels() throws Exception {
    float[] left = TestAudio.tone(440, 1.0, 16000, 0.5);
    float[] right = TestAudio.noise(1.0, 16000, 0.1, 3L);
    AudioSource src = AudioSource.of(TestAudio.wavFloat(16000, left, right), "two.wav");
    float[] mono = MonoAudio.read(src, 16000, Long.MAX_VALUE, "", DecodeOptions.defaults());
    assertEquals(left.length, mono.length);
    for (int i = 0; i < mono.length; i++) {
      assertEquals((left[i] + right[i]) / 2, mono[i], 1e-6, "sample " + i);
    }
  }

  @Test
  void resamplesAndRefusesTooLong() throws Exception {
    float[] x = TestAudio.speechLike(2.0, 44100, 5L);
    AudioSource src = AudioSource.of(TestAudio.wav16(44100, x), "long.wav");
    float[] mono = MonoAudio.read(src, 16000, Long.MAX_VALUE, "", DecodeOptions.defaults());
    assertTrue(Math.abs(mono.length - 32000) <= 1, "length " + mono.length);
    AudioInputException e =
        assertThrows(
            AudioInputException.class,
            () -> MonoAudio.read(src, 16000, 16000, "longer than 1 s", DecodeOptions.defaults()));
    assertEquals(AudioInputException.Problem.TOO_LONG, e.problem());
    assertTrue(e.getMessage().startsWith("long.wav") && e.getMessage().contains("longer than 1 s"));
  }
}
