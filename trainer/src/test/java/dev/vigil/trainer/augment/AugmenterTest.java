package dev.vigil.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DemoData;
import dev.vigil.trainer.data.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmenterTest {
  @TempDir Path tmp;

  static float[] tone(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    }
    return x;
  }

  @Test
  void probabilityZeroLeavesAudioAndCountsUntouched() {
    AugmentCounts counts = new AugmentCounts();
    Augmenter a = new Augmenter(AugmentConfig.none(), null, counts);
    float[] x = tone(4000);
    float[] before = x.clone();
    a.waveform(x, 0, x.length, new Random(1));
    float[] f = new float[10 * 20];
    java.util.Arrays.fill(f, 1f);
    a.spectrogram(f, 0, 10, 20, new Random(1));
    assertArrayEquals(before, x);
    assertEquals(Map.of(), counts.snapshot());
  }

  @Test
  void probabilityOneRunsEveryEffectAndCountsIt() {
    AugmentCounts counts = new AugmentCounts();
    NoiseBank noise = NoiseBank.of(List.of(tone(1000)));
    Augmenter a = new Augmenter(AugmentConfig.all(1.0, "x"), noise, counts);
    float[] x = tone(8000);
    float[] before = x.clone();
    a.waveform(x, 0, x.length, new Random(2));
    assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(x));
    for (float v : x) {
      assertTrue(Float.isFinite(v));
    }
    for (String k :
        List.of(
            "gain", "noise", "convolutive", "impulsive", "coloured", "band_limit", "companding")) {
      assertEquals(1L, counts.snapshot().get(k), k);
    }
  }

  @Test
  void specAugmentZeroesWholeRowsAndColumns() {
    AugmentConfig c = new AugmentConfig(0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 1.0, 3, 5);
    Augmenter a = new Augmenter(c, null, new AugmentCounts());
    int bins = 10;
    int frames = 20;
    for (int seed = 0; seed < 20; seed++) {
      float[] f = new float[bins * frames];
      java.util.Arrays.fill(f, 1f);
      a.spectrogram(f, 0, bins, frames, new Random(seed));
      int zeroRows = 0;
      for (int b = 0; b < bins; b++) {
        boolean all = true;
        for (int t = 0; t < frames; t++) {
          all &= f[b * frames + t] == 0f;
        }
        zeroRows += all ? 1 : 0;
      }
      assertTrue(zeroRows <= 3);
    }
  }

  @Test
  void muLawAndALawRoundTripsAreCloseButLossy() {
    float[] x = tone(1600);
    float[] mu = x.clone();
    Companding.muLaw(mu, 0, mu.length);
    float[] al = x.clone();
    Companding.aLaw(al, 0, al.length);
    double emu = 0;
    double eal = 0;
    double p = 0;
    for (int i = 0; i < x.length; i++) {
      emu += (mu[i] - x[i]) * (mu[i] - x[i]);
      eal += (al[i] - x[i]) * (al[i] - x[i]);
      p += x[i] * x[i];
    }
    double snrMu = 10 * Math.log10(p / emu);
    double snrA = 10 * Math.log10(p / eal);
    assertTrue(snrMu > 25 && snrMu < 50, "mu-law SNR " + snrMu);
    assertTrue(snrA > 25 && snrA < 50, "A-law SNR " + snrA);
  }

  @Test
  void renderCodecsWritesSeededVariantsWithManifest() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
    Path m = DemoData.write(tmp.resolve("demo"), 2, 1);
    List<Clip> clips = ManifestReader.read(m, "demo").clips();
    CodecRenderer r = new CodecRenderer("ffmpeg", 60);
    int n = r.render(clips, tmp.resolve("out"), 2, CodecRenderer.CODECS, 7);
    assertEquals(clips.size() * 2, n);
    List<Clip> back = ManifestReader.read(tmp.resolve("out/manifest.csv"), "codec").clips();
    assertEquals(n, back.size());
    assertEquals(clips.get(0).split(), back.get(0).split());
    assertEquals(Label.BONAFIDE, back.get(0).label());
    List<String> lines = Files.readAllLines(tmp.resolve("out/manifest.csv"));
    int again =
        new CodecRenderer("ffmpeg", 60)
            .render(clips, tmp.resolve("out2"), 2, CodecRenderer.CODECS, 7);
    assertEquals(n, again);
    assertEquals(
        lines, Files.readAllLines(tmp.resolve("out2/manifest.csv")), "same seed, same" + " codecs");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> CodecRenderer.select("mp3,amr"));
    assertTrue(e.getMessage().contains("amr") && e.getMessage().contains("g722"));
  }
}
