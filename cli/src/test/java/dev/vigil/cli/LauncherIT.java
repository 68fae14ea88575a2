package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/vigil} over the packaged {@code target/vigil.jar} (run by failsafe after
 * package): it passes arguments and exit codes through, uses the serial collector unless the user
 * picks one, turns ONNX Runtime's telemetry off, and says when the jar is missing.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin", "vigil").toAbsolutePath();
  private static final Path JAR = Path.of("target", "vigil.jar").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run launch(String javaOpts, Path jar, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("VIGIL_JAR", jar.toString());
    pb.environment().put("VIGIL_JAVA_OPTS", javaOpts);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("ORT_DISABLE_TELEMETRY"); // the launcher sets it itself
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void runsTheJarWithTheSerialCollectorAndPassesArgumentsThrough() throws Exception {
    Run r = launch("-Xlog:gc:stderr", JAR, "--version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("vigil "), r.out());
    assertTrue(r.err().contains("Using Serial"), r.err());
  }

  @Test
  void aCollectorChosenInVigilJavaOptsIsTheOneUsed() throws Exception {
    Run r = launch("-XX:+UseParallelGC -Xlog:gc:stderr", JAR, "--version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("Using Parallel"), r.err());
  }

  @Test
  void theScansExitCodeComesThrough() throws Exception {
    Path missing = dir.resolve("no-such-folder");
    Run r = launch("", JAR, "scan", missing.toString(), "--device", "cpu", "--format", "jsonl");
    assertEquals(4, r.exit(), r.err()); // some inputs failed
    assertTrue(r.out().contains("no such file or folder"), r.out());
  }

  @Test
  void aMissingJarIsOneLineAndExitCodeOne() throws Exception {
    Run r = launch("", dir.resolve("vigil.jar"), "--version");
    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("vigil.jar not found"), r.err());
  }

  /**
   * ONNX Runtime 1.29's telemetry crashed the JVM (SIGSEGV, exit 139) at start-up when the command
   * line was about 3,900 bytes or longer; the launcher turns it off before Java starts.
   */
  @Test
  void aLongCommandLineDoesNotCrashOnnxRuntime() throws Exception {
    List<String> args = new ArrayList<>(List.of("scan", "--device", "cpu", "--format", "jsonl"));
    for (int i = 0; i < 60; i++) {
      args.add(dir.resolve("missing-" + "x".repeat(80) + "-" + i + ".wav").toString());
    }
    assertTrue(String.join(" ", args).length() > 6000);
    Run r = launch("", JAR, args.toArray(String[]::new));
    assertEquals(4, r.exit(), r.err()); // every input is missing; the model did load
    assertEquals(60, r.out().lines().count(), r.out());
  }
}
