package dev.vigil.cli.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.testing.TestAudio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil listen} on stdin and on files: the windows and the verdict of {@code scan}. */
class ListenCommandTest {
  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void setUp() throws Exception {
    model = TestData.model(tmp.resolve("m"));
  }

  private static List<String> common(String command) {
    return new ArrayList<>(
        List.of(command, "--model", model.toString(), "--device", "cpu", "--threads", "1"));
  }

  /** Runs {@code vigil listen ARGS} with {@code stdin} as its standard input. */
  static CliRun.Result listen(byte[] stdin, String... args) {
    List<String> a = common("listen");
    a.addAll(List.of(args));
    InputStream old = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      return CliRun.run(a.toArray(String[]::new));
    } finally {
      System.setIn(old);
    }
  }

  static CliRun.Result scan(Path file) {
    List<String> a = common("scan");
    a.addAll(List.of(file.toString(), "--segments", "--format", "jsonl"));
    return CliRun.run(a.toArray(String[]::new));
  }

  /**
   * Listen's lines are one window per line, in order, then the result: the same windows, scores and
   * verdict as {@code scan --segments} of the file, and the same exit code.
   */
  static void assertSameAsScan(Path file, CliRun.Result listen, String name) throws IOException {
    CliRun.Result scan = scan(file);
    JsonNode row = CliRun.jsonl(scan.out()).get(0);
    List<JsonNode> lines = CliRun.jsonl(listen.out());
    JsonNode segments = row.get("segments");
    assertEquals(segments.size() + 1, lines.size(), listen.toString());
    double threshold = row.get("threshold").asDouble();
    for (int i = 0; i < segments.size(); i++) {
      JsonNode s = segments.get(i);
      JsonNode w = lines.get(i);
      assertEquals("window", w.get("event").asText());
      assertEquals(name, w.get("path").asText());
      assertEquals(i, w.get("index").asInt());
      assertEquals(s.get("start_s").asDouble(), w.get("start_s").asDouble(), 1e-9);
      assertEquals(s.get("end_s").asDouble(), w.get("end_s").asDouble(), 1e-9);
      assertEquals(s.get("score").asDouble(), w.get("score").asDouble(), 1e-6);
      assertEquals(s.get("silent").asBoolean(), w.get("silent").asBoolean());
      assertEquals(
          w.get("score").asDouble() >= threshold ? "spoof" : "bonafide", w.get("label").asText());
    }
    JsonNode result = lines.get(lines.size() - 1);
    assertEquals("result", result.get("event").asText());
    assertEquals(name, result.get("path").asText());
    assertEquals(row.get("score").asDouble(), result.get("score").asDouble(), 1e-6);
    assertEquals(row.get("label").asText(), result.get("label").asText());
    assertEquals(row.get("n_segments").asInt(), result.get("n_segments").asInt());
    assertEquals(scan.exit(), listen.exit(), listen.toString());
  }

  @Test
  void rawPcmOnStdinWithoutOptionsIsSixteenKilohertzMono() throws Exception {
    float[] x =
        TestAudio.concat(
            TestAudio.speechLike(5.1, 16000, 1),
            TestAudio.silence(4.5, 16000),
            TestAudio.speechLike(3.3, 16000, 2));
    Path wav = TestAudio.writeWav(tmp.resolve("raw16.wav"), 16000, x);
    CliRun.Result r = listen(TestAudio.data(Files.readAllBytes(wav)), "--format", "jsonl");
    assertSameAsScan(wav, r, "stdin");
    List<JsonNode> lines = CliRun.jsonl(r.out());
    JsonNode result = lines.get(lines.size() - 1);
    assertEquals("raw", result.get("container").asText());
    assertEquals("pcm_s16le", result.get("codec").asText());
    assertTrue(lines.stream().anyMatch(l -> l.path("silent").asBoolean()), "silent windows");
  }

  @Test
  void aWavOnStdinIsStreamedFromItsHeader() throws Exception {
    Path wav =
        TestAudio.writeWav(
            tmp.resolve("cd.wav"),
            44100,
            TestAudio.speechLike(6.4, 44100, 3),
            TestAudio.speechLike(6.4, 44100, 4));
    CliRun.Result r = listen(Files.readAllBytes(wav), "-", "--format", "jsonl");
    assertSameAsScan(wav, r, "stdin");
    List<JsonNode> lines = CliRun.jsonl(r.out());
    assertEquals("wav", lines.get(lines.size() - 1).get("container").asText());
  }

  @Test
  void rawOptionsDescribeFloatStereoAtAnotherRate() throws Exception {
    float[] l = TestAudio.speechLike(4.9, 44100, 5);
    float[] rr = TestAudio.speechLike(4.9, 44100, 6);
    byte[] wav = TestAudio.wavFloat(44100, l, rr);
    Path file = Files.write(tmp.resolve("f32.wav"), wav);
    CliRun.Result r =
        listen(
            TestAudio.data(wav),
            "--rate",
            "44100",
            "--channels",
            "2",
            "--encoding",
            "pcm_f32le",
            "--format",
            "jsonl");
    assertSameAsScan(file, r, "stdin");
  }

  @Test
  void aCompressedFileOnStdinIsReadWholeThenScored() throws Exception {
    Path flac = Path.of("..", "samples", "01-real-misc-repo-gt.flac");
    CliRun.Result r = listen(Files.readAllBytes(flac), "--format", "jsonl");
    assertSameAsScan(flac, r, "stdin");
  }

  @Test
  void aFileArgumentIsDecodedAsScanDecodesIt() throws Exception {
    Path wav =
        TestAudio.writeWav(tmp.resolve("file.wav"), 22050, TestAudio.speechLike(7.7, 22050, 7));
    CliRun.Result r = listen(new byte[0], wav.toString(), "--format", "jsonl");
    assertSameAsScan(wav, r, wav.toString());

    Path raw = Files.write(tmp.resolve("file.raw"), TestAudio.data(Files.readAllBytes(wav)));
    CliRun.Result rawFile = listen(new byte[0], raw.toString(), "--rate", "22050");
    assertEquals(
        CliRun.jsonl(r.out()).size(), CliRun.jsonl(rawFile.out()).size(), rawFile.toString());

    CliRun.Result missing =
        listen(new byte[0], tmp.resolve("nope.raw").toString(), "--rate", "8000");
    assertEquals(ExitCodes.SOME_FAILED, missing.exit(), missing.toString());
    JsonNode line = CliRun.jsonl(missing.out()).get(0);
    assertEquals("unreadable", line.get("error_code").asText());
  }

  @Test
  void aStreamShorterThanTheMinimumFailsAsAFileDoes() throws Exception {
    Path wav =
        TestAudio.writeWav(tmp.resolve("short.wav"), 16000, TestAudio.speechLike(0.5, 16000, 1));
    CliRun.Result r = listen(TestAudio.data(Files.readAllBytes(wav)), "--format", "jsonl");
    assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.toString());
    List<JsonNode> lines = CliRun.jsonl(r.out());
    assertEquals(1, lines.size());
    JsonNode result = lines.get(0);
    assertEquals("result", result.get("event").asText());
    assertEquals("too_short", result.get("error_code").asText());
    String scanError = CliRun.jsonl(scan(wav).out()).get(0).get("error").asText();
    assertEquals(
        scanError.replace(wav.toString(), "stdin"), result.get("error").asText(), r.toString());

    CliRun.Result table = listen(TestAudio.data(Files.readAllBytes(wav)), "--format", "table");
    assertTrue(table.out().contains("ERROR stdin: too short: 0.50 s of audio"), table.toString());
  }

  @Test
  void silenceGivesSilentWindowsThenTheSilenceOnlyError() throws Exception {
    byte[] silence = TestAudio.data(TestAudio.wav16(16000, TestAudio.silence(4.8, 16000)));
    CliRun.Result r = listen(silence, "--format", "jsonl");
    assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.toString());
    List<JsonNode> lines = CliRun.jsonl(r.out());
    // windows at 0 and 1.5 s, the end-aligned one at 1.8 s, then the result
    assertEquals(4, lines.size(), r.toString());
    for (int i = 0; i < 3; i++) {
      assertTrue(lines.get(i).get("silent").asBoolean());
    }
    assertEquals("silence_only", lines.get(3).get("error_code").asText());
  }

  @Test
  void theTableHasAColumnPerWindowFieldAndAResultLine() throws Exception {
    byte[] x = TestAudio.data(TestAudio.wav16(16000, TestAudio.speechLike(4.6, 16000, 9)));
    CliRun.Result r = listen(x, "--format", "table");
    String[] lines = r.out().split("\n");
    assertEquals(5, lines.length, r.toString()); // windows at 0, 1.5 and (end-aligned) 1.6 s
    assertTrue(lines[0].matches(" *START_S +END_S +SCORE +LABEL"), lines[0]);
    assertTrue(lines[1].matches(" +0\\.00 +3\\.00 +0\\.\\d{3} +(bonafide|spoof)"), lines[1]);
    assertTrue(lines[2].matches(" +1\\.50 +4\\.50 .*"), lines[2]);
    assertTrue(lines[3].matches(" +1\\.60 +4\\.60 .*"), lines[3]);
    assertTrue(
        lines[4].matches(
            "RESULT (bonafide|spoof) 0\\.\\d{3} \\(threshold 0\\.\\d{3}\\), 4\\.60 s, 3 windows:"
                + " stdin.*"),
        lines[4]);
  }

  @Test
  void badRawOptionsAreUsageErrors() {
    CliRun.Result zero = listen(new byte[0], "--rate", "0");
    assertEquals(ExitCodes.USAGE, zero.exit(), zero.toString());
    assertTrue(zero.err().contains("sample rate must be in [1, 2000000] Hz, got 0"), zero.err());
    CliRun.Result low = listen(new byte[0], "--rate", "100");
    assertEquals(ExitCodes.USAGE, low.exit(), low.toString());
    assertTrue(low.err().contains("stdin: unsupported sample rate 100 Hz"), low.err());
    CliRun.Result enc = listen(new byte[0], "--encoding", "mp3");
    assertEquals(ExitCodes.USAGE, enc.exit(), enc.toString());
    assertTrue(enc.err().toLowerCase(java.util.Locale.ROOT).contains("pcm_s16le"), enc.err());
    CliRun.Result ch = listen(new byte[0], "--channels", "0");
    assertEquals(ExitCodes.USAGE, ch.exit(), ch.toString());
  }
}
