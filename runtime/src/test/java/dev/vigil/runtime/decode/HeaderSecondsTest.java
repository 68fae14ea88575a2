package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The duration an upload's header states, read before admission without decoding any audio. */
class HeaderSecondsTest {
  private static double header(byte[] b, String name) {
    return AudioDecoders.headerSeconds(AudioSource.of(b, name), TestAudio.JAVA_ONLY);
  }

  @Test
  void theHeaderFormatsGiveTheDurationTheDecoderReports() throws Exception {
    for (String f : List.of("ref_m22.wav", "ref_s8.wav", "flac16_m22.flac", "vorbis_s44.ogg")) {
      byte[] b = TestAudio.bytes(f);
      double stated;
      try (PcmStream pcm = AudioDecoders.open(AudioSource.of(b, f), TestAudio.JAVA_ONLY)) {
        stated = pcm.info().durationSeconds();
      }
      double h = header(b, f);
      if (Double.isNaN(stated)) {
        assertTrue(Double.isNaN(h), f + ": " + h);
      } else {
        assertTrue(stated > 0, f);
        assertEquals(stated, h, 1e-9, f);
      }
    }
    TestAudio.Decoded wav = TestAudio.decode("ref_m22.wav", TestAudio.JAVA_ONLY);
    assertEquals(
        wav.frames() / (double) wav.info().sampleRate(),
        header(TestAudio.bytes("ref_m22.wav"), "ref_m22.wav"),
        1e-9);
  }

  @Test
  void whatOnlyFfmpegReadsOrWhatIsNotAudioSaysNothing() throws Exception {
    assertTrue(Double.isNaN(header(TestAudio.bytes("aac_s44.m4a"), "a.m4a")));
    assertTrue(Double.isNaN(header(TestAudio.bytes("opus_m22.webm"), "a.webm")));
    assertTrue(Double.isNaN(header("not audio at all".getBytes(), "x.wav")));
    assertTrue(Double.isNaN(header(new byte[0], "empty.wav")));
    byte[] wav = TestAudio.bytes("ref_m22.wav");
    assertTrue(Double.isNaN(header(java.util.Arrays.copyOf(wav, 20), "cut.wav")));
  }
}
