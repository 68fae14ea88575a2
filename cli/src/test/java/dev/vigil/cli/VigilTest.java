package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilTest {

  @Test
  void helpListsCommandsAndExitCodes() {
    CliRun.Result r = CliRun.run("--help");
    assertEquals(0, r.exit(), r.toString());
    for (String c :
        new String[] {"scan", "info", "evaluate", "explain", "bench", "generate-completion"}) {
      assertTrue(r.out().contains(c), c + " missing from\n" + r.out());
    }
    assertTrue(
        r.out().contains("Exit codes: 0 all files scored, none spoof; 3 some file is spoof"));
    CliRun.Result scan = CliRun.run("scan", "--help");
    assertTrue(scan.out().contains("--shard") && scan.out().contains("Exit codes:"), scan.out());
  }

  @Test
  void versionWithoutManifestSaysDevelopmentBuild() {
    CliRun.Result r = CliRun.run("--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("vigil "), r.out());
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    CliRun.Result r = CliRun.run("scan");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    r = CliRun.run("frobnicate");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
  }

  @Test
  void missingDefaultModelSaysToPassModel(@TempDir Path dir) {
    CliRun.Result r = CliRun.run("scan", dir.toString(), "--format", "jsonl");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().contains("--model"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void completionScriptIsGenerated() {
    CliRun.Result r = CliRun.run("generate-completion");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("vigil"));
  }
}
