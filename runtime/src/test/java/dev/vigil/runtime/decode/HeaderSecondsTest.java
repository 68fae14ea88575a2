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

  @Test
  void theFirstFourKibibytesOfAWavOrFlacStateItsDuration() throws Exception {
    for (String f : List.of("ref_m22.wav", "ref_s8.wav", "flac16_m22.flac")) {
      byte[] b = TestAudio.bytes(f);
      assertTrue(b.length > 4096, f);
      assertEquals(header(b, f), AudioDecoders.headSeconds(b, 4096, b.length), 1e-9, f);
      assertEquals(header(b, f), AudioDecoders.headSeconds(b, 4096, -1), 1e-9, f);
    }
  }

  @Test
  void aStreamedWavsHeadGivesItsDurationFromTheWholeSize() throws Exception {
    byte[] b = TestAudio.bytes("ref_m22.wav");
    double whole = header(b, "ref_m22.wav");
    byte[] streamed = b.clone();
    // a streaming writer's placeholder sizes: RIFF and data run to the end
    java.nio.ByteBuffer.wrap(streamed).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, -1);
    int data = indexOf(streamed, "data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    java.nio.ByteBuffer.wrap(streamed).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(data + 4, -1);
    assertEquals(whole, AudioDecoders.headSeconds(streamed, 4096, streamed.length), 1e-9);
    assertTrue(Double.isNaN(AudioDecoders.headSeconds(streamed, 4096, -1)));
  }

  @Test
  void otherFormatsAndCutHeadersSayNothingFromTheirHead() throws Exception {
    for (String f : List.of("vorbis_s44.ogg", "aac_s44.m4a", "opus_m22.webm")) {
      byte[] b = TestAudio.bytes(f);
      assertTrue(Double.isNaN(AudioDecoders.headSeconds(b, Math.min(4096, b.length), b.length)));
    }
    byte[] wav = TestAudio.bytes("ref_m22.wav");
    assertTrue(Double.isNaN(AudioDecoders.headSeconds(wav, 20, wav.length)));
    assertTrue(Double.isNaN(AudioDecoders.headSeconds("not audio".getBytes(), 9, 9)));
  }

  private static int indexOf(byte[] b, byte[] what) {
    outer:
    for (int i = 12; i + what.length <= b.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("no data chunk");
  }
}
