package dev.vigil.trainer.vocode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StftTest {
  @Test
  void analysisThenSynthesisReconstructsEverySample() {
    Stft stft = new Stft();
    for (int n : new int[] {1600, 16000, 16037, 300}) {
      Random r = new Random(n);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 0.3 * r.nextGaussian();
      }
      int frames = Stft.frames(n);
      assertEquals(1 + n / 128, frames);
      double[] re = new double[frames * Stft.BINS];
      double[] im = new double[frames * Stft.BINS];
      stft.forward(x, n, re, im);
      double[] y = new double[n];
      stft.inverse(re, im, n, y);
      double worst = 0;
      for (int i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(y[i] - x[i]));
      }
      assertTrue(worst < 1e-9, n + " samples: worst error " + worst);
    }
  }

  @Test
  void aToneOnABinHasTheHannWindowsMagnitude() {
    int n = 4000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.5 * Math.cos(2 * Math.PI * 1000 * i / 16000.0);
    }
    int frames = Stft.frames(n);
    double[] re = new double[frames * Stft.BINS];
    double[] im = new double[frames * Stft.BINS];
    new Stft().forward(x, n, re, im);
    int o = (frames / 2) * Stft.BINS;
    int best = 0;
    for (int k = 0; k < Stft.BINS; k++) {
      if (Math.hypot(re[o + k], im[o + k]) > Math.hypot(re[o + best], im[o + best])) {
        best = k;
      }
    }
    assertEquals(32, best);
    // amplitude · (window sum 256) / 2
    assertEquals(0.5 * 256 / 2, Math.hypot(re[o + 32], im[o + 32]), 1e-9);
  }

  @Test
  void inputTooShortForReflectPaddingIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Stft().forward(new double[256], 256, new double[514], new double[514]));
  }
}
