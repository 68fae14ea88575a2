package dev.vigil.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.TestData;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than the executor's whole heap is scanned as a stream: {@link ScanJob} runs in a
 * JVM of {@value #HEAP_MB} MB (Spark's storage and execution fraction of it is less than half) over
 * a {@value #FILE_MB} MB WAV, which could not even be allocated as one byte array there. The WAV is
 * 64 channels of 64-bit float at 192 kHz: 3.3 s of audio, so the test takes seconds, not minutes.
 */
class LargeFileStreamTest {
  static final int HEAP_MB = 256;
  static final int FILE_MB = 320;
  static final int CHANNELS = 64;
  static final int RATE = 192_000;

  @TempDir Path tmp;

  /** A WAV (IEEE float, 64 bits) of a 440 Hz tone in every channel, about {@code mb} MB. */
  static long writeWav(Path f, int mb) throws IOException {
    int frameBytes = CHANNELS * 8;
    long frames = (long) mb * 1_000_000 / frameBytes;
    long dataBytes = frames * frameBytes;
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt((int) (36 + dataBytes));
    h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    h.putShort((short) 3).putShort((short) CHANNELS).putInt(RATE).putInt(RATE * frameBytes);
    h.putShort((short) frameBytes).putShort((short) 64);
    h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
      out.write(h.array());
      ByteBuffer b = ByteBuffer.allocate(4096 * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < frames; i++) {
        double v = 0.3 * Math.sin(2 * Math.PI * 440 * i / RATE);
        for (int c = 0; c < CHANNELS; c++) {
          b.putDouble(v);
        }
        if (!b.hasRemaining()) {
          out.write(b.array(), 0, b.position());
          b.clear();
        }
      }
      out.write(b.array(), 0, b.position());
    }
    return frames;
  }

  /** An argument file's quoting of one argument. */
  private static String quoted(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void aWavLargerThanTheHeapIsScoredInABoundedJvm() throws Exception {
    Path model = TestData.model(tmp.resolve("model"));
    Path in = Files.createDirectories(tmp.resolve("in"));
    long frames = writeWav(in.resolve("big.wav"), FILE_MB);
    long size = Files.size(in.resolve("big.wav"));
    assertTrue(size > (long) HEAP_MB << 20, "file " + size + " B vs heap " + HEAP_MB + " MiB");
    Path out = tmp.resolve("out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + HEAP_MB + "m");
    // the module options Spark needs, as this JVM got them from the surefire argLine
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")
          || a.startsWith("--enable-native-access")
          || a.startsWith("-XX:+Ignore")) {
        cmd.add(a);
      }
    }
    cmd.addAll(
        List.of(
            "-Dspark.master=local[1]",
            "-Dspark.testing.reservedMemory=0", // Spark refuses a heap under 450 MB otherwise
            "-Dspark.driver.host=127.0.0.1",
            "-Dspark.driver.bindAddress=127.0.0.1",
            "-Dspark.ui.enabled=false",
            // the class path in an argument file: ONNX Runtime 1.29 crashes as it starts in a
            // process whose command line passes about 4 KB
            "@"
                + Files.writeString(
                    tmp.resolve("cp.args"), "-cp " + quoted(System.getProperty("java.class.path"))),
            ScanJob.class.getName(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--format",
            "jsonl",
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--threads",
            "1"));
    Path log = tmp.resolve("job.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    String printed = Files.readString(log);
    String tail = printed.substring(Math.max(0, printed.length() - 3000));
    assertTrue(done, "job did not finish in 240 s: " + tail);
    assertEquals(0, p.exitValue(), tail);
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path f : s.filter(x -> x.getFileName().toString().startsWith("part-")).toList()) {
        lines.addAll(Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList());
      }
    }
    assertEquals(1, lines.size(), tail);
    JsonNode row = VerdictJson.mapper().readTree(lines.get(0));
    assertTrue(row.get("error").isNull(), row.toString());
    assertEquals(size, row.get("file_size_bytes").asLong());
    assertEquals(CHANNELS, row.get("channels").asInt());
    assertEquals(frames / (double) RATE, row.get("duration_s").asDouble(), 1e-3);
    assertTrue(printed.contains("1 scored, 0 synthetic, 0 failed"), tail);
  }
}
