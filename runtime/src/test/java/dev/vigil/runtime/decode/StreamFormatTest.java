package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFormatTest {

  private static StreamFormat.Signature signature(byte[] b) {
    return StreamFormat.signature(b, b.length);
  }

  private static byte[] head(byte[] b) {
    return java.util.Arrays.copyOf(b, Math.min(b.length, StreamFormat.SIGNATURE_BYTES));
  }

  @Test
  void signaturesTellAWavHeaderFromOtherContainersAndFromRawPcm() throws IOException {
    assertEquals(StreamFormat.Signature.WAV, signature(TestAudio.bytes("ref_s8.wav")));
    assertEquals(StreamFormat.Signature.WAV, signature(TestAudio.bytes("wav_rf64.wav")));
    for (String other :
        new String[] {"flac16_m22.flac", "vorbis_s44.ogg", "aac_s44.m4a", "opus_m22.webm"}) {
      assertEquals(StreamFormat.Signature.OTHER_MEDIA, signature(TestAudio.bytes(other)), other);
    }
    assertEquals(
        StreamFormat.Signature.OTHER_MEDIA,
        signature("ID3\u0004\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
    // -1 as 16-bit PCM looks like an MPEG frame sync; raw audio must not be taken for MP3
    assertEquals(StreamFormat.Signature.NONE, signature(new byte[] {-1, -1, -1, -1, -1, -5}));
    assertEquals(StreamFormat.Signature.NONE, signature(new byte[0]));
    // MP3 and ADTS without a tag: a chain of frames, which raw PCM does not hold
    assertEquals(
        StreamFormat.Signature.OTHER_MEDIA, signature(head(TestAudio.bytes("mp3_notag_s44.mp3"))));
    assertEquals(
        StreamFormat.Signature.OTHER_MEDIA, signature(head(TestAudio.bytes("aac_plain_m22.aac"))));
    byte[] noise = new byte[StreamFormat.SIGNATURE_BYTES];
    new java.util.SplittableRandom(1).nextBytes(noise);
    assertEquals(StreamFormat.Signature.NONE, signature(noise));
    byte[] pcm = TestAudio.bytes("ref_m22.wav");
    assertEquals(
        StreamFormat.Signature.NONE,
        signature(java.util.Arrays.copyOfRange(pcm, 44, 44 + StreamFormat.SIGNATURE_BYTES)));
  }

  @Test
  void rawFormatsAreCheckedAndNamed() {
    StreamFormat f = StreamFormat.raw(PcmEncoding.PCM_F32LE, 44100, 2);
    assertEquals(8, f.frameBytes());
    assertEquals("pcm_f32le, 44100 Hz, 2 channel(s)", f.toString());
    assertEquals("wav", StreamFormat.wav().toString());
    assertEquals(0, StreamFormat.wav().frameBytes());
    assertEquals(
        "sample rate must be in [1, 2000000] Hz, got 0",
        assertThrows(
                IllegalArgumentException.class, () -> StreamFormat.raw(PcmEncoding.PCM_S16LE, 0, 1))
            .getMessage());
    assertEquals(
        "channels must be in [1, 256], got 257",
        assertThrows(
                IllegalArgumentException.class,
                () -> StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 257))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new StreamFormat(StreamFormat.Kind.WAV, PcmEncoding.PCM_S16LE, 16000, 1));
  }

  @Test
  void encodingsGoByTheirWireNames() {
    assertEquals(PcmEncoding.PCM_S16LE, PcmEncoding.of("pcm_s16le"));
    assertEquals(PcmEncoding.PCM_F32LE, PcmEncoding.of("pcm_f32le"));
    assertEquals(4, PcmEncoding.PCM_F32LE.bytesPerSample());
    assertEquals(
        "unknown encoding 'mp3' (valid: pcm_s16le, pcm_f32le)",
        assertThrows(IllegalArgumentException.class, () -> PcmEncoding.of("mp3")).getMessage());
  }
}
