package dev.vigil.runtime.decode;

import static dev.vigil.runtime.decode.TestAudio.JAVA_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source read through a {@link SeekableByteChannel} (what a Hadoop file system hands out) decodes
 * exactly as the same file by path, in bounded reads, and closes its channel; a channel that cannot
 * be opened is a one-line {@code unreadable} failure.
 */
class ChannelSourceTest {
  @TempDir Path tmp;

  /** A file channel that records the largest read asked of it and whether it was closed. */
  static final class CountingChannel implements SeekableByteChannel {
    final FileChannel file;
    int largestRead;
    long bytesRead;
    volatile boolean closed;

    CountingChannel(Path p) throws IOException {
      file = FileChannel.open(p);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      largestRead = Math.max(largestRead, dst.remaining());
      int n = file.read(dst);
      bytesRead += Math.max(0, n);
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException("read only");
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public SeekableByteChannel position(long p) throws IOException {
      file.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException("read only");
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() throws IOException {
      closed = true;
      file.close();
    }
  }

  private static AudioSource channelSource(Path p, CountingChannel[] last) {
    return AudioSource.of(
        () -> {
          last[0] = new CountingChannel(p);
          return last[0];
        },
        "stream:" + p.getFileName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wav_s24.wav",
        "wav_rf64.wav",
        "flac16_m22.flac",
        "mp3_vbr_m22.mp3",
        "vorbis_chain_m22.ogg",
        "aac_plain_m22.aac",
        "aac_plain_s44.m4a"
      })
  void decodesAsTheSameFileByPathAndClosesItsChannel(String fixture) throws IOException {
    Path p = TestAudio.fixture(fixture);
    TestAudio.Decoded byPath = TestAudio.decode(AudioSource.of(p), JAVA_ONLY);
    CountingChannel[] last = new CountingChannel[1];
    TestAudio.Decoded byChannel = TestAudio.decode(channelSource(p, last), JAVA_ONLY);
    assertEquals(byPath.info(), byChannel.info());
    TestAudio.assertSameSamples(byPath.samples(), byChannel.samples());
    assertClosedSoon(last[0]);
  }

  /**
   * The channel is closed, at once or (JAAD's AAC decoder runs on a watchdog worker, which releases
   * its input as it ends) within a second of the stream's close.
   */
  private static void assertClosedSoon(CountingChannel c) {
    long end = System.nanoTime() + 1_000_000_000L;
    while (!c.closed && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    assertTrue(c.closed, "channel left open");
  }

  @Test
  void aLargeFileIsReadInBlocksNeverWhole() throws IOException {
    float[] x = new float[16000 * 120];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(i * 0.05));
    }
    Path p = dev.vigil.runtime.testing.TestAudio.writeWav(tmp.resolve("long.wav"), 16000, x);
    CountingChannel[] last = new CountingChannel[1];
    long frames = 0;
    try (PcmStream s = AudioDecoders.open(channelSource(p, last), JAVA_ONLY)) {
      float[][] buf = new float[1][4096];
      int k;
      while ((k = s.read(buf, 0, 4096)) >= 0) {
        frames += k;
      }
    }
    assertEquals(x.length, frames);
    assertEquals(Files.size(p), last[0].bytesRead);
    assertTrue(last[0].largestRead <= 1 << 16, "read of " + last[0].largestRead + " bytes");
    assertClosedSoon(last[0]);
  }

  @Test
  void mp4ThroughFfmpegIsCopiedToATemporaryFileFromTheChannel() throws IOException {
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    DecodeOptions withFfmpeg = DecodeOptions.defaults().withTimeout(Duration.ofSeconds(30));
    Path p = TestAudio.fixture("aac_plain_s44.m4a");
    TestAudio.Decoded byPath = TestAudio.decode(AudioSource.of(p), withFfmpeg);
    CountingChannel[] last = new CountingChannel[1];
    TestAudio.Decoded byChannel = TestAudio.decode(channelSource(p, last), withFfmpeg);
    assertEquals(byPath.info(), byChannel.info());
    TestAudio.assertSameSamples(byPath.samples(), byChannel.samples());
    Path opus = TestAudio.fixture("opus_m22.opus"); // fed to ffmpeg on stdin
    TestAudio.assertSameSamples(
        TestAudio.decode(AudioSource.of(opus), withFfmpeg).samples(),
        TestAudio.decode(channelSource(opus, last), withFfmpeg).samples());
  }

  @Test
  void aChannelThatCannotBeOpenedIsUnreadable() {
    AtomicInteger opens = new AtomicInteger();
    AudioSource missing =
        AudioSource.of(
            () -> {
              opens.incrementAndGet();
              throw new FileNotFoundException("File hdfs://nn/a.wav does not exist");
            },
            "hdfs://nn/a.wav");
    AudioInputException e =
        assertThrows(AudioInputException.class, () -> AudioDecoders.open(missing, JAVA_ONLY));
    assertEquals(Problem.UNREADABLE, e.problem());
    assertEquals("hdfs://nn/a.wav: no such file", e.getMessage());
    assertEquals(1, opens.get());
    AudioSource broken =
        AudioSource.of(
            () -> {
              throw new IOException("connection reset\nby peer");
            },
            "s3a://b/x.wav");
    e = assertThrows(AudioInputException.class, () -> AudioDecoders.open(broken, JAVA_ONLY));
    assertEquals(Problem.UNREADABLE, e.problem());
    TestAudio.assertOneLine(e, "s3a://b/x.wav");
  }

  @Test
  void exactlyOneKindIsSet() {
    byte[] b = new byte[1];
    AudioSource.ChannelOpener o = () -> FileChannel.open(tmp);
    assertThrows(IllegalArgumentException.class, () -> new AudioSource("x", tmp, null, o));
    assertThrows(IllegalArgumentException.class, () -> new AudioSource("x", null, b, o));
    assertThrows(IllegalArgumentException.class, () -> new AudioSource("x", null, null, null));
    assertEquals(o, AudioSource.of(o, "x").channel());
  }
}
