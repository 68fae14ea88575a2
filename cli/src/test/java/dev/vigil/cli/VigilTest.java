package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VigilTest {

  @Test
  void helpListsCommandsAndExitCodes() {
    CliRun.Result r = CliRun.run("--help");
    assertEquals(0, r.exit(), r.toString());
    for (String c :
        new String[] {
          "scan", "listen", "info", "evaluate", "explain", "bench", "generate-completion"
        }) {
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
    assertEquals(
        "vigil: Missing required parameter: 'PATH'\n"
            + "Try 'vigil scan --help' for more information.\n",
        r.err().replace("\r", ""));
    r = CliRun.run("frobnicate");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    r = CliRun.run("scan", "x", "--hop", "abc");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().startsWith("vigil: Invalid value for option '--hop'"), r.err());
    assertFalse(r.err().contains("Usage:"), r.err());
  }

  @Test
  void enumOptionsIgnoreCaseAndCompleteInLowerCase() {
    CommandLine vigil = Vigil.commandLine();
    CommandLine.ParseResult p =
        vigil.parseArgs("scan", "x", "--format", "CSV", "--channels", "Split").subcommand();
    CommandLine scan = vigil.getSubcommands().get("scan");
    assertEquals("csv", p.matchedOptionValue("--format", null).toString());
    assertEquals("SPLIT", p.matchedOptionValue("--channels", null).toString());
    List<String> formats = new ArrayList<>();
    scan.getCommandSpec().findOption("--format").completionCandidates().forEach(formats::add);
    assertEquals(List.of("jsonl", "csv", "table"), formats);
    List<String> channels = new ArrayList<>();
    scan.getCommandSpec().findOption("--channels").completionCandidates().forEach(channels::add);
    assertEquals(List.of("mix", "split"), channels);
    CommandLine listen = vigil.getSubcommands().get("listen");
    List<String> encodings = new ArrayList<>();
    listen.getCommandSpec().findOption("--encoding").completionCandidates().forEach(encodings::add);
    assertEquals(List.of("pcm_s16le", "pcm_f32le"), encodings);
    List<String> listenFormats = new ArrayList<>();
    listen
        .getCommandSpec()
        .findOption("--format")
        .completionCandidates()
        .forEach(listenFormats::add);
    assertEquals(List.of("jsonl", "table"), listenFormats);
    CommandLine.ParseResult l =
        Vigil.commandLine().parseArgs("listen", "--encoding", "PCM_F32LE").subcommand();
    assertEquals("pcm_f32le", l.matchedOptionValue("--encoding", null).toString());
  }

  @Test
  void withoutModelTheBundledDefaultModelScores(@TempDir Path dir) throws Exception {
    TestAudio.writeWav(dir.resolve("speech.wav"), 16000, TestAudio.speechLike(4.0, 16000, 7L));
    CliRun.Result r = CliRun.run("scan", dir.toString(), "--format", "jsonl");
    assertTrue(r.exit() == ExitCodes.OK || r.exit() == ExitCodes.SPOOF_FOUND, r.toString());
    assertTrue(r.out().contains("\"model_version\":\"0.2.0\""), r.out());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void completionScriptIsGenerated() {
    CliRun.Result r = CliRun.run("generate-completion");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("vigil"));
  }
}
