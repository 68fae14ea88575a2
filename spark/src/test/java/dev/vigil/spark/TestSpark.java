package dev.vigil.spark;

import dev.vigil.cli.TestData;
import dev.vigil.runtime.testing.TestAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The tests' Spark session and folders. */
final class TestSpark {
  private TestSpark() {}

  /**
   * A {@code local[2]} session bound to the loopback address, without UI, with its warehouse in
   * {@code tmp}; one per test class, stopped in its {@code @AfterAll}.
   */
  static SparkSession session(Path tmp) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("vigil-spark-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString())
        .getOrCreate();
  }

  /**
   * The CLI tests' mixed folder ({@link TestData#mixedFolder}: WAVs at 16 and 22.05 kHz and every
   * kind of bad file, a text file and a hidden WAV neither scan scores) plus FLAC, MP3 and stereo
   * Ogg Vorbis clips at 22.05 and 44.1 kHz, a WAV without an extension (sniffed and scored) and a
   * text file with an unknown extension (sniffed and skipped).
   *
   * @return the number of files a scan reports
   */
  static int folder(Path dir) throws IOException {
    int n = TestData.mixedFolder(dir);
    Files.createDirectories(dir.resolve("codecs"));
    for (String f : new String[] {"flac16_m22.flac", "mp3_vbr_m22.mp3", "vorbis_s44.ogg"}) {
      try (InputStream in = TestSpark.class.getResourceAsStream("/audio/" + f)) {
        Files.copy(in, dir.resolve("codecs").resolve(f));
      }
    }
    TestAudio.writeWav(
        dir.resolve("codecs/no-extension"), 8000, TestAudio.speechLike(2.5, 8000, 7));
    Files.writeString(dir.resolve("codecs/notes.dat"), "plain text, not audio\n");
    return n + 4;
  }

  /** Runs the job on {@code spark}; the exit code and what it printed on stderr. */
  static Run job(SparkSession spark, String... args) {
    StringWriter err = new StringWriter();
    int exit = ScanJob.run(spark, new PrintWriter(err, true), args);
    return new Run(exit, err.toString());
  }

  /** A job's exit code and stderr. */
  record Run(int exit, String err) {}
}
