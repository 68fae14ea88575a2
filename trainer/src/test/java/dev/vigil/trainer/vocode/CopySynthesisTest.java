package dev.vigil.trainer.vocode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopySynthesisTest {
  @Test
  void silentInputGivesSilenceNotNaN() {
    for (CopySynthesis.Method m : CopySynthesis.METHODS) {
      float[] y = m.create().render(new float[16000], 1);
      assertArrayEquals(new float[16000], y, m.name());
    }
  }

  @Test
  void nearSilentInputStaysFinite() {
    float[] click = new float[16000];
    click[8000] = 1f / 32768;
    Random r = new Random(2);
    float[] hiss = new float[16000];
    for (int i = 0; i < hiss.length; i++) {
      hiss[i] = (float) (1e-6 * r.nextGaussian());
    }
    for (CopySynthesis.Method m : CopySynthesis.METHODS) {
      for (float[] x : List.of(click, hiss)) {
        float[] y = m.create().render(x, 1);
        assertEquals(x.length, y.length);
        assertTrue(TestSignals.finite(y), m.name());
        assertTrue(TestSignals.rms(y) <= TestSignals.rms(x) * 1.0001, m.name());
      }
    }
  }

  @Test
  void inputShorterThanATenthOfASecondIsRefused() {
    for (CopySynthesis.Method m : CopySynthesis.METHODS) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> m.create().render(new float[1000], 1));
      assertTrue(
          e.getMessage().contains("1000 samples") && e.getMessage().contains("0.1 s"),
          e.getMessage());
    }
    assertEquals(1600, CopySynthesis.METHODS.get(1).create().render(new float[1600], 1).length);
  }

  @Test
  void loudInputIsPeakLimited() {
    float[] square = new float[16000];
    for (int i = 0; i < square.length; i++) {
      square[i] = (i / 40) % 2 == 0 ? 0.98f : -0.98f;
    }
    for (CopySynthesis.Method m : CopySynthesis.METHODS) {
      float[] y = m.create().render(square, 1);
      assertTrue(TestSignals.peak(y) <= 0.99f, m.name() + " peak " + TestSignals.peak(y));
      assertTrue(TestSignals.rms(y) > 0.1, m.name());
    }
  }

  @Test
  void selectNamesMethodsAndRefusesUnknownOnes() {
    assertEquals(CopySynthesis.METHODS, CopySynthesis.select("all"));
    assertEquals(List.of("griffinlim", "lpc"), names(CopySynthesis.select(null)));
    assertEquals(List.of("lpc", "griffinlim"), names(CopySynthesis.select("lpc, griffinlim,lpc")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CopySynthesis.select("lpc,wavenet"));
    assertEquals(
        "unknown copy-synthesis method 'wavenet' (valid: griffinlim, lpc, all)", e.getMessage());
  }

  @Test
  void seedDependsOnTheRunSeedMethodAndPath() {
    long s = CopySynthesis.seed(1234, "lpc", "bonafide/a.flac");
    assertEquals(s, CopySynthesis.seed(1234, "lpc", "bonafide/a.flac"));
    assertNotEquals(s, CopySynthesis.seed(1235, "lpc", "bonafide/a.flac"));
    assertNotEquals(s, CopySynthesis.seed(1234, "griffinlim", "bonafide/a.flac"));
    assertNotEquals(s, CopySynthesis.seed(1234, "lpc", "bonafide/b.flac"));
  }

  @Test
  void copiesAreNamedAfterTheRowsPathAsWav() {
    assertEquals("bonafide/x/a.wav", CopySynthRenderer.wavName("bonafide/x/a.flac"));
    assertEquals("a.b/c.wav", CopySynthRenderer.wavName("./a.b/c"));
    assertEquals("_/x/y.wav", CopySynthRenderer.wavName("../x/y.mp3"));
    assertEquals("data/z.wav", CopySynthRenderer.wavName("/data/z.wav"));
    assertEquals(
        "lpc/q.wav", CopySynthRenderer.relative(CopySynthesis.select("lpc").get(0), "q.m4a"));
    assertEquals("\"a, \"\"b\"\"\"", CopySynthRenderer.csv("a, \"b\""));
    assertEquals("plain", CopySynthRenderer.csv("plain"));
  }

  private static List<String> names(List<CopySynthesis.Method> ms) {
    return ms.stream().map(CopySynthesis.Method::name).toList();
  }
}
