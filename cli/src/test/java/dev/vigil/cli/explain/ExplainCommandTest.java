package dev.vigil.cli.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.CliRun;
import dev.vigil.cli.TestData;
import dev.vigil.cli.common.ExitCodes;
import dev.vigil.runtime.testing.TestAudio;
import dev.vigil.runtime.verdict.VerdictJson;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

  @TempDir Path dir;

  @Test
  void pngJsonAndFeatures() throws Exception {
    Path m = TestData.model(dir.resolve("m"));
    Path wav = TestAudio.writeWav(dir.resolve("a.wav"), 16000, TestAudio.speechLike(7.0, 16000, 3));
    Path png = dir.resolve("out/a.png");
    Path feats = dir.resolve("feats");
    CliRun.Result r =
        CliRun.run(
            "explain",
            wav.toString(),
            "--model",
            m.toString(),
            "--device",
            "cpu",
            "--png",
            png.toString(),
            "--width",
            "900",
            "--height",
            "600",
            "--features",
            feats.toString(),
            "--json");
    assertTrue(r.exit() == ExitCodes.OK || r.exit() == ExitCodes.SPOOF_FOUND, r.toString());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(600, img.getHeight());
    JsonNode v = VerdictJson.mapper().readTree(r.out());
    int segs = v.get("segments").size();
    assertEquals(4, segs); // 7 s: windows at 0, 1.5, 3, 4 s
    assertEquals(v.get("n_segments").asInt(), segs);
    for (int i = 0; i < segs; i++) {
      Path mel = feats.resolve(String.format("seg%04d_logmel.npy", i));
      Path lin = feats.resolve(String.format("seg%04d_loglinear.npy", i));
      assertTrue(Files.exists(mel) && Files.exists(lin), mel.toString());
      assertEquals(128 + 80 * 301 * 4, Files.size(mel));
      assertEquals(128 + 257 * 301 * 4, Files.size(lin));
    }
  }

  @Test
  void badFileIsOneLineAndExitFour() throws Exception {
    Path m = TestData.model(dir.resolve("m"));
    Path empty = Files.write(dir.resolve("e.wav"), new byte[0]);
    CliRun.Result r =
        CliRun.run("explain", empty.toString(), "--model", m.toString(), "--device", "cpu");
    assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
