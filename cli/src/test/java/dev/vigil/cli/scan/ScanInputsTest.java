package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.testing.TestAudio;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths from stdin, split channels, symbolic links, table output. */
class ScanInputsTest {

  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void setUp() throws Exception {
    model = TestData.model(tmp.resolve("m"));
  }

  private static CliRun.Result scan(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of("scan", "--model", model.toString(), "--device", "cpu", "--threads", "1"));
    a.addAll(List.of(extra));
    return CliRun.run(a.toArray(String[]::new));
  }

  @Test
  void pathsFromStdin() throws Exception {
    Path d = tmp.resolve("stdin");
    TestData.speech(d, "s", 3, 1.5, 5);
    String list = d.resolve("s0.wav") + "\n\n" + d.resolve("s2.wav") + "\n";
    InputStream old = System.in;
    CliRun.Result r;
    try {
      System.setIn(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
      r = scan("-", "--format", "jsonl");
    } finally {
      System.setIn(old);
    }
    List<JsonNode> rows = CliRun.jsonl(r.out());
    assertEquals(2, rows.size(), r.toString());
    assertTrue(rows.get(0).get("path").asText().endsWith("s0.wav"));
    assertTrue(rows.get(1).get("path").asText().endsWith("s2.wav"));
  }

  @Test
  void splitChannelsGiveOneResultPerChannel() throws Exception {
    Path f =
        TestAudio.writeWav(
            tmp.resolve("stereo.wav"),
            16000,
            TestAudio.speechLike(3.2, 16000, 1),
            TestAudio.speechLike(3.2, 16000, 2));
    List<JsonNode> mix = CliRun.jsonl(scan(f.toString(), "--format", "jsonl").out());
    assertEquals(1, mix.size());
    assertTrue(mix.get(0).get("channel").isNull());
    assertEquals(2, mix.get(0).get("channels").asInt());
    List<JsonNode> split =
        CliRun.jsonl(scan(f.toString(), "--format", "jsonl", "--channels", "split").out());
    assertEquals(2, split.size());
    assertEquals(0, split.get(0).get("channel").asInt());
    assertEquals(1, split.get(1).get("channel").asInt());
    assertEquals(ExitCodes.USAGE, scan(f.toString(), "--channels", "left").exit());
  }

  @Test
  void symbolicLinksOnlyWhenAsked() throws Exception {
    Path real = tmp.resolve("real");
    TestData.speech(real, "r", 2, 1.5, 9);
    Path root = tmp.resolve("links");
    Files.createDirectories(root);
    TestData.speech(root, "own", 1, 1.5, 12);
    Files.createSymbolicLink(root.resolve("linked-dir"), real);
    Files.createSymbolicLink(root.resolve("loop"), root); // a cycle
    CliRun.Result plain = scan(root.toString(), "--format", "jsonl");
    assertEquals(1, CliRun.jsonl(plain.out()).size(), plain.toString());
    assertTrue(plain.err().contains("2 links"), plain.err());
    CliRun.Result follow = scan(root.toString(), "--format", "jsonl", "--follow-links");
    assertEquals(3, CliRun.jsonl(follow.out()).size(), follow.toString());
  }

  @Test
  void unreadableFileIsAnErrorLine() throws Exception {
    Path d = tmp.resolve("perm");
    TestData.speech(d, "p", 1, 1.5, 30);
    Path locked = d.resolve("p0.wav");
    Files.setPosixFilePermissions(locked, java.util.Set.of());
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isReadable(locked), "running as root: permissions do not stop reading");
      CliRun.Result r = scan(d.toString(), "--format", "jsonl");
      List<JsonNode> rows = CliRun.jsonl(r.out());
      assertEquals(1, rows.size(), r.toString());
      assertEquals("unreadable", rows.get(0).get("error_code").asText());
      assertEquals(ExitCodes.SOME_FAILED, r.exit());
    } finally {
      Files.setPosixFilePermissions(
          locked, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void tableForPeople() throws Exception {
    Path d = tmp.resolve("table");
    TestData.speech(d, "t", 1, 1.5, 20);
    Files.write(d.resolve("bad.wav"), new byte[0]);
    CliRun.Result r = scan(d.toString(), "--format", "table");
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("LABEL") && lines[0].contains("PATH"), r.out());
    assertTrue(lines[1].startsWith("ERROR") && lines[1].contains("bad.wav"), r.out());
    assertTrue(lines[2].startsWith("bonafide") || lines[2].startsWith("spoof"), r.out());
    assertEquals(
        ExitCodes.USAGE,
        scan(d.toString(), "--format", "table", "-o", tmp.resolve("t.txt").toString(), "--resume")
            .exit());
  }
}
