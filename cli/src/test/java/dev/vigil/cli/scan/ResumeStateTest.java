package dev.vigil.cli.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeStateTest {

  @TempDir Path dir;

  @Test
  void repairCutsOnlyAnUnfinishedLastLine() throws IOException {
    Path f = dir.resolve("o.jsonl");
    Files.writeString(f, "{\"a\":1}\n{\"b\":2}\n{\"c\":");
    ResumeState.repairLastLine(f);
    assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(f));
    ResumeState.repairLastLine(f);
    assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(f));
    Files.writeString(f, "no newline at all");
    ResumeState.repairLastLine(f);
    assertEquals("", Files.readString(f));
  }

  @Test
  void repairFindsALineBreakFarBack() throws IOException {
    Path f = dir.resolve("long.jsonl");
    String tail = "x".repeat(20000);
    Files.writeString(f, "first\n" + tail);
    ResumeState.repairLastLine(f);
    assertEquals("first\n", Files.readString(f));
  }
}
