package dev.vigil.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.Vigil;
import dev.vigil.runtime.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** scan, evaluate and explain take the threshold, operating point and hop the same way. */
class VerdictOptionsTest {

  static final List<String> COMMANDS = List.of("scan", "evaluate", "explain");

  @TempDir static Path tmp;
  static Path model;
  static Path set;
  static Path wav;

  @BeforeAll
  static void setUp() throws Exception {
    model = TestData.model(tmp.resolve("model"));
    set = tmp.resolve("set");
    TestData.speech(set.resolve("bonafide"), "b", 1, 3.1, 1);
    TestData.speech(set.resolve("spoof"), "s", 1, 3.3, 2);
    wav = TestAudio.writeWav(tmp.resolve("a.wav"), 16000, TestAudio.speechLike(4, 16000, 3));
  }

  @Test
  void everyCommandDeclaresTheSameOptions() {
    Map<String, CommandLine> subs = Vigil.commandLine().getSubcommands();
    for (String name : List.of("--threshold", "--operating-point", "--hop")) {
      OptionSpec first = null;
      for (String c : COMMANDS) {
        OptionSpec o = subs.get(c).getCommandSpec().findOption(name);
        assertNotNull(o, c + " lacks " + name);
        if (first == null) {
          first = o;
          continue;
        }
        assertEquals(first.type(), o.type(), c + " " + name);
        assertEquals(first.paramLabel(), o.paramLabel(), c + " " + name);
        assertEquals(Arrays.asList(first.description()), Arrays.asList(o.description()), c);
      }
    }
  }

  /** The arguments that run {@code command} on the test data with the test model. */
  private static String[] run(String command, String... options) {
    List<String> a = new ArrayList<>(List.of(command));
    switch (command) {
      case "scan" -> a.addAll(List.of(set.toString(), "--format", "jsonl"));
      case "evaluate" -> a.addAll(List.of(set.toString(), "--labels", "folder", "--json"));
      default -> a.add(wav.toString());
    }
    a.addAll(List.of("--model", model.toString(), "--device", "cpu"));
    a.addAll(List.of(options));
    return a.toArray(String[]::new);
  }

  @Test
  void badValuesAreTheSameUsageErrorEverywhere() {
    Map<String, String> expected =
        Map.of(
            "--threshold", "threshold must be in [0, 1], got 1.5",
            "--operating-point", "unknown operating point 'nope'",
            "--hop", "hop must be between 0.3 and 3.0 seconds for this model, got 10.0");
    Map<String, String> value = Map.of("--threshold", "1.5", "--operating-point", "nope");
    for (String c : COMMANDS) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        CliRun.Result r = CliRun.run(run(c, e.getKey(), value.getOrDefault(e.getKey(), "10")));
        assertEquals(ExitCodes.USAGE, r.exit(), c + " " + e.getKey() + "\n" + r);
        assertTrue(r.err().startsWith("vigil: "), r.err());
        assertTrue(r.err().contains(e.getValue()), c + " " + e.getKey() + "\n" + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
      }
    }
  }

  @Test
  void evaluateTakesAHopButDoesNotFitAThresholdAtOne() {
    CliRun.Result r = CliRun.run(run("evaluate", "--hop", "0.75"));
    assertEquals(ExitCodes.OK, r.exit(), r.toString());
    r =
        CliRun.run(
            run(
                "evaluate",
                "--hop",
                "0.75",
                "--fit-threshold",
                "x",
                "-o",
                tmp.resolve("copy.onnx").toString()));
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().contains("drop --hop"), r.err());
  }
}
