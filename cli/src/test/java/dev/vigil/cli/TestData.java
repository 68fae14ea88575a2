package dev.vigil.cli;

import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Folders and models the CLI tests share. */
public final class TestData {

  private TestData() {}

  /** A two-expert test model written into {@code dir}. */
  public static Path model(Path dir) throws IOException {
    return TestModels.write(dir, TestModels.Variant.TWO_EXPERTS_MLP);
  }

  /** Writes {@code n} speech-like mono 16 kHz files of {@code seconds} into {@code dir}. */
  public static void speech(Path dir, String prefix, int n, double seconds, long seed)
      throws IOException {
    for (int i = 0; i < n; i++) {
      TestAudio.writeWav(
          dir.resolve(prefix + i + ".wav"),
          TestAudio.RATE,
          TestAudio.speechLike(seconds + 0.37 * i, TestAudio.RATE, seed + i));
    }
  }

  /**
   * A folder mixing good files with broken ones: 3 good WAVs, an empty .wav, a truncated .wav, a
   * text file named .wav, a silent .wav, a too-short .wav, random bytes named .mp3, and a .txt and
   * a hidden .wav that a scan must not score.
   *
   * @return the number of files a scan reports (good + broken)
   */
  public static int mixedFolder(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    TestAudio.writeWav(dir.resolve("good1.wav"), 16000, TestAudio.speechLike(3.5, 16000, 1));
    TestAudio.writeWav(dir.resolve("sub/good2.wav"), 22050, TestAudio.speechLike(5.2, 22050, 2));
    TestAudio.writeWav(dir.resolve("good3.wav"), 16000, TestAudio.speechLike(1.5, 16000, 3));
    Files.write(dir.resolve("empty.wav"), new byte[0]);
    byte[] wav = TestAudio.wav16(16000, TestAudio.speechLike(4, 16000, 4));
    Files.write(dir.resolve("truncated.wav"), Arrays.copyOf(wav, 30));
    Files.writeString(dir.resolve("notes-as.wav"), "this is not audio at all\n");
    TestAudio.writeWav(dir.resolve("silence.wav"), 16000, TestAudio.silence(4, 16000));
    TestAudio.writeWav(dir.resolve("short.wav"), 16000, TestAudio.speechLike(0.4, 16000, 5));
    byte[] junk = new byte[4000];
    new java.util.Random(9).nextBytes(junk);
    Files.write(dir.resolve("junk.mp3"), junk);
    Files.writeString(dir.resolve("readme.txt"), "not scanned");
    TestAudio.writeWav(dir.resolve(".hidden.wav"), 16000, TestAudio.speechLike(3, 16000, 6));
    return 9;
  }
}
