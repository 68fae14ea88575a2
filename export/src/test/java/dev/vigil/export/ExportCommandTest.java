package dev.vigil.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.MixtureSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {

  private static int run(StringWriter out, StringWriter err, String... args) {
    return new CommandLine(new ExportCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void exportsAndPrintsParityTimesAndMetadata(@TempDir Path dir) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      TestCheckpoints.trainAndSave(
          dir.resolve("ckpt"),
          MixtureSpec.single(ExpertSpec.resnet18("resnet_logmel", FeatureSpec.logmel(), 4)),
          1,
          2,
          m);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path model = dir.resolve("model.onnx");
    int code =
        run(out, err, dir.resolve("ckpt").toString(), "-o", model.toString(), "--random", "2");
    String text = out.toString();
    System.out.print(text);
    assertEquals(0, code, err.toString());
    assertTrue(Files.isRegularFile(model));
    assertTrue(text.contains("parity over 2 stored segments + 2 random inputs"), text);
    assertTrue(text.contains("time per batch of up to 4 (median): ONNX Runtime"), text);
    assertTrue(text.contains("expert resnet_logmel: resnet18 on logmel"), text);
    assertTrue(text.contains("gate: single, 0 parameters"), text);
    assertTrue(text.contains("thresholds: {\"eer\":0.5"), text);
    assertTrue(
        text.contains(
            "provenance: {\"model_name\":\"export-test\",\"model_version\":\"0.0.1\","
                + "\"export\":{\"tool\":\"vigil-export "),
        text);
  }

  @Test
  void missingCheckpointIsOneLineAndExitCode4(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path model = dir.resolve("model.onnx");
    int code = run(out, err, dir.resolve("nope").toString(), "-o", model.toString());
    assertEquals(4, code);
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("nope: not a directory"), err.toString());
    assertFalse(Files.exists(model));
  }

  @Test
  void badOptionsAreUsageErrors(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, run(out, err, dir.toString(), "-o", "x.onnx", "--batch", "0"));
    assertTrue(err.toString().contains("batch size must be >= 1, got 0"), err.toString());
    assertEquals(2, run(out, err, dir.toString()));
  }

  @Test
  void int8UsageErrors(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, run(out, err, dir.toString(), "-o", "x.onnx", "--quantize", "int4"));
    assertTrue(
        err.toString().contains("--quantize: unknown value 'int4' (valid: int8)"), err.toString());
    Path file = Files.writeString(dir.resolve("model.onnx"), "x");
    err.getBuffer().setLength(0);
    assertEquals(2, run(out, err, file.toString(), "-o", "y.onnx"));
    assertTrue(err.toString().contains("read only with --quantize int8"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(
        2,
        run(out, err, dir.toString(), "-o", "y.onnx", "--quantize", "int8", "--weight-bits", "4"));
    assertTrue(err.toString().contains("weight bits must be 7 or 8, got 4"), err.toString());
    // an unreadable source is exit 4, one line, nothing written
    err.getBuffer().setLength(0);
    assertEquals(4, run(out, err, file.toString(), "-o", "y.onnx", "--quantize", "int8"));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(Files.exists(Path.of("y.onnx")));
  }
}
