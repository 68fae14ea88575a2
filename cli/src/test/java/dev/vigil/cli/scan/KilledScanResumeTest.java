package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.runtime.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan killed with SIGKILL mid-run, then resumed: every file once, no duplicate, no torn line.
 */
class KilledScanResumeTest {

  @TempDir Path dir;

  @Test
  void resumeAfterKillMinus9() throws Exception {
    Path model = TestData.model(dir.resolve("m"));
    Path audio = dir.resolve("audio");
    int n = 24;
    TestData.speech(audio, "k", n, 4.0, 300);
    Path out = dir.resolve("out.jsonl");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.vigil.cli.Vigil");
    cmd.addAll(
        List.of(
            "scan",
            audio.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "--threads",
            "1",
            "-o",
            out.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(out) && Files.readAllLines(out).size() >= 3) {
        break;
      }
      Thread.sleep(20);
    }
    boolean killedMidway = p.isAlive();
    p.destroyForcibly(); // SIGKILL
    p.waitFor(10, TimeUnit.SECONDS);
    int before = Files.readAllLines(out).size();
    assertTrue(
        killedMidway && before < n,
        "the scan ended before it was killed; log: " + Files.readString(dir.resolve("log")));
    CliRun.Result r =
        CliRun.run(
            "scan",
            audio.toString(),
            "--model",
            model.toString(),
            "--device",
            "cpu",
            "-o",
            out.toString(),
            "--resume");
    assertTrue(r.err().contains(" already done"), r.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals(n, lines.size(), r.toString());
    Set<String> seen = new HashSet<>();
    for (String l : lines) {
      assertTrue(
          seen.add(VerdictJson.mapper().readTree(l).get("path").asText()), "duplicate: " + l);
    }
  }
}
