package dev.vigil.runtime.decode;

import static dev.vigil.runtime.decode.TestAudio.JAVA_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamPcmDecoderTest {

  /** Every frame a decoder handed out, per channel. */
  private static final class Collected implements StreamPcmDecoder.FrameSink {
    float[][] samples = new float[0][];
    int n;
    int largestBlock;

    @Override
    public void frames(float[][] block, int count) {
      if (samples.length == 0) {
        samples = new float[block.length][1024];
      }
      for (int c = 0; c < block.length; c++) {
        if (n + count > samples[c].length) {
          samples[c] = Arrays.copyOf(samples[c], 2 * (n + count));
        }
        System.arraycopy(block[c], 0, samples[c], n, count);
      }
      n += count;
      largestBlock = Math.max(largestBlock, count);
    }

    float[][] trimmed() {
      float[][] out = new float[samples.length][];
      for (int c = 0; c < samples.length; c++) {
        out[c] = Arrays.copyOf(samples[c], n);
      }
      return out;
    }
  }

  /** Writes {@code bytes} in pieces of random sizes, 1 byte to {@code maxPiece}. */
  static void writeInPieces(StreamPcmDecoder d, byte[] bytes, int maxPiece, long seed)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int off = 0; off < bytes.length; ) {
      int n = Math.min(bytes.length - off, 1 + rnd.nextInt(maxPiece));
      d.write(bytes, off, n);
      off += n;
    }
  }

  @ParameterizedTest(name = "{0} streamed in pieces equals the file decoder")
  @ValueSource(
      strings = {
        "ref_s8.wav",
        "ref_m22.wav",
        "wav_s24.wav",
        "wav_s32.wav",
        "wav_f32.wav",
        "wav_f64.wav",
        "wav_u8.wav",
        "wav_alaw.wav",
        "wav_mulaw.wav",
        "wav_rf64.wav",
        "wav_ext3.wav"
      })
  void aWavStreamInPiecesGivesTheFileDecodersSamples(String fixture) throws IOException {
    byte[] bytes = TestAudio.bytes(fixture);
    TestAudio.Decoded file = TestAudio.decode(fixture, JAVA_ONLY);
    for (int maxPiece : new int[] {1, 7, 1000, 100_000}) {
      Collected got = new Collected();
      StreamPcmDecoder d = new StreamPcmDecoder("s", StreamFormat.wav(), got);
      writeInPieces(d, bytes, maxPiece, maxPiece);
      d.finish();
      assertEquals(file.info(), d.info(), fixture);
      TestAudio.assertSameSamples(file.samples(), got.trimmed());
      assertTrue(got.largestBlock <= StreamPcmDecoder.BLOCK_FRAMES);
    }
  }

  @Test
  void rawPcmInPiecesGivesTheSamplesOfTheSameBytesInAWav() throws IOException {
    short[] v = new short[9001 * 2];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < v.length; i++) {
      v[i] = (short) rnd.nextInt(-32768, 32768);
    }
    byte[] data = WavBytes.s16(v);
    byte[] wav =
        new WavBytes().chunk("fmt ", WavBytes.fmt(1, 2, 44100, 16)).chunk("data", data).build();
    float[][] expected = TestAudio.decode(AudioSource.of(wav, "w.wav"), JAVA_ONLY).samples();
    Collected got = new Collected();
    StreamPcmDecoder d =
        new StreamPcmDecoder("s", StreamFormat.raw(PcmEncoding.PCM_S16LE, 44100, 2), got);
    assertEquals(new AudioInfo("pcm_s16le", "raw", 44100, 2, -1), d.info());
    writeInPieces(d, data, 5000, 11);
    d.write(new byte[] {1, 2, 3}, 0, 3); // a partial last frame: dropped at the end
    d.finish();
    TestAudio.assertSameSamples(expected, got.trimmed());
    assertEquals(9001, d.frames());
  }

  @Test
  void framesGoOutAtTheEndOfEachWriteNotAtTheEndOfABlock() throws IOException {
    Collected got = new Collected();
    StreamPcmDecoder d =
        new StreamPcmDecoder("s", StreamFormat.raw(PcmEncoding.PCM_F32LE, 16000, 1), got);
    byte[] three = WavBytes.f32(0.1f, 0.2f, 0.3f);
    d.write(three, 0, 6); // one frame and a half
    assertEquals(1, got.n);
    d.write(three, 6, 6);
    assertEquals(3, got.n);
    assertEquals(0.3f, got.samples[0][2]);
  }

  @Test
  void nanInAFloatStreamIsRefusedNamingTheFrame() throws IOException {
    StreamPcmDecoder d =
        new StreamPcmDecoder(
            "live", StreamFormat.raw(PcmEncoding.PCM_F32LE, 16000, 2), new Collected());
    d.write(WavBytes.f32(0, 0, 0.5f, 0.5f), 0, 16);
    byte[] bad = WavBytes.f32(0.1f, Float.NaN);
    AudioInputException e = assertThrows(AudioInputException.class, () -> d.write(bad, 0, 8));
    assertEquals(Problem.NON_FINITE, e.problem());
    assertEquals("live: NaN sample at frame 2, channel 1", e.getMessage());
  }

  @Test
  void aWavHeaderIsWaitedForAndAStatedDataSizeEndsTheSamples() throws IOException {
    byte[] data = WavBytes.s16((short) 100, (short) 200, (short) 300);
    byte[] wav =
        new WavBytes()
            .chunk("LIST", new byte[300])
            .chunk("fmt ", WavBytes.fmt(1, 1, 8000, 16))
            .chunk("data", data)
            .chunk("junk", "trailing chunk, not samples".getBytes(StandardCharsets.US_ASCII))
            .build();
    Collected got = new Collected();
    StreamPcmDecoder d = new StreamPcmDecoder("s", StreamFormat.wav(), got);
    d.write(wav, 0, 100);
    assertNull(d.info(), "the header is not complete yet");
    d.write(wav, 100, wav.length - 100);
    d.finish();
    assertEquals(new AudioInfo("pcm_s16le", "wav", 8000, 1, 3), d.info());
    assertEquals(3, got.n);
    assertEquals(300 / 32768f, got.samples[0][2]);
  }

  @Test
  void aStreamingWriterHeaderRunsToTheEnd() throws IOException {
    byte[] data = WavBytes.s16(new short[5000]);
    byte[] wav =
        new WavBytes()
            .riffSize(0xFFFFFFFFL)
            .chunk("fmt ", WavBytes.fmt(1, 1, 16000, 16))
            .chunk("data", 0xFFFFFFFFL, data)
            .build();
    Collected got = new Collected();
    StreamPcmDecoder d = new StreamPcmDecoder("s", StreamFormat.wav(), got);
    writeInPieces(d, wav, 333, 5);
    d.finish();
    assertEquals(5000, got.n);
    assertEquals(-1, d.info().frames());
  }

  @Test
  void aStreamThatEndsInsideItsHeaderGetsTheFileDecodersError() throws IOException {
    byte[] wav =
        new WavBytes()
            .chunk("fmt ", WavBytes.fmt(1, 1, 16000, 16))
            .chunk("data", WavBytes.s16((short) 1))
            .build();
    StreamPcmDecoder d = new StreamPcmDecoder("live", StreamFormat.wav(), new Collected());
    d.write(wav, 0, 30);
    AudioInputException e = assertThrows(AudioInputException.class, d::finish);
    assertEquals(Problem.TRUNCATED, e.problem());
    assertTrue(e.getMessage().startsWith("live: truncated header"), e.getMessage());

    StreamPcmDecoder empty = new StreamPcmDecoder("live", StreamFormat.wav(), new Collected());
    assertEquals(Problem.EMPTY, assertThrows(AudioInputException.class, empty::finish).problem());
  }

  @Test
  void aBadWavHeaderIsRefusedAsSoonAsItIsIn() throws IOException {
    StreamPcmDecoder d = new StreamPcmDecoder("live", StreamFormat.wav(), new Collected());
    byte[] notWav = "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.US_ASCII);
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> d.write(notWav, 0, notWav.length));
    assertEquals(Problem.NOT_AUDIO, e.problem());
    assertEquals("live: not a RIFF/WAVE file", e.getMessage());
  }

  @Test
  void writingAfterTheEndIsRefused() throws IOException {
    StreamPcmDecoder d =
        new StreamPcmDecoder(
            "live", StreamFormat.raw(PcmEncoding.PCM_S16LE, 16000, 1), new Collected());
    d.finish();
    d.finish();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> d.write(new byte[2], 0, 2));
    assertEquals("live: stream already finished", e.getMessage());
  }
}
