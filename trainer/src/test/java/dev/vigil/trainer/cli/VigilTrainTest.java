package dev.vigil.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.trainer.data.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilTrainTest {
  @TempDir Path tmp;

  /** Runs {@code vigil-train ARGS}: exit code, standard output, standard error. */
  static String[] capture(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = VigilTrain.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {
      Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void listDataCountsLabelsAndSplits() throws Exception {
    Path m = DemoData.write(tmp.resolve("demo"), 6, 1);
    String[] r = capture("list-data", "--reader", "manifest", "--path", m.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("12 clips (6 bona fide, 6 spoof), 0 skipped"), r[1]);
    assertTrue(r[1].contains("demo_vocoder0"), r[1]);
    assertTrue(r[1].contains("speakers: 6"), r[1]);
  }

  @Test
  void badInputIsOneLineWithoutStackTrace() {
    String[] r = capture("list-data", "--reader", "nosuch", "--path", "x");
    assertEquals("1", r[0]);
    assertEquals(1, r[2].strip().lines().count(), r[2]);
    assertTrue(r[2].contains("unknown reader 'nosuch'") && r[2].contains("manifest"), r[2]);
    String[] u = capture("train-expert");
    assertEquals("2", u[0]);
    assertTrue(u[2].contains("--run-dir"), u[2]);
  }

  @Test
  void helpListsEverySubcommand() {
    String[] r = capture("--help");
    assertEquals("0", r[0]);
    for (String c :
        new String[] {
          "train-expert",
          "train-mixture",
          "mile",
          "evaluate",
          "list-data",
          "render-codecs",
          "render-copysynth",
          "bench-step"
        }) {
      assertTrue(r[1].contains(c), c);
      String[] h = capture(c, "--help");
      assertEquals("0", h[0], c + ": " + h[2]);
      // picocli warns on stderr and prints the raw text when a description's '%' is not escaped
      assertEquals("", h[2], c + " --help wrote to stderr");
      assertTrue(h[1].startsWith("Usage: vigil-train " + c), h[1]);
    }
  }
}
