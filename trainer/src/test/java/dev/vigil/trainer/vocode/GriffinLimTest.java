package dev.vigil.trainer.vocode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GriffinLimTest {
  private static final float[] X = TestSignals.harmonic(32000);

  /** Mean |log-mel difference| in nats over the original's bins within 20 dB of its peak. */
  private static double logMelDistance(GriffinLim gl, float[] original, float[] copy) {
    double[] a = gl.logMel(original);
    double[] b = gl.logMel(copy);
    double peak = Arrays.stream(a).max().orElseThrow();
    double sum = 0;
    int count = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > peak - Math.log(100)) {
        sum += Math.abs(a[i] - b[i]);
        count++;
      }
    }
    assertTrue(count > 1000, "bins compared: " + count);
    return sum / count;
  }

  @Test
  void copyKeepsTheLogMelButNotTheWaveform() {
    GriffinLim gl = new GriffinLim();
    float[] y = gl.render(X, 7);
    assertEquals(X.length, y.length);
    assertTrue(TestSignals.finite(y));
    // measured 0.107-0.125 nat for seeds 1-6 (0.109 for this one); without momentum (plain
    // Griffin-Lim) 0.18-0.20, with 8 iterations 0.23, 4 iterations 0.32, no NNLS updates 0.35
    double d = logMelDistance(gl, X, y);
    assertTrue(d < 0.15, "log-mel distance " + d);
    double c = TestSignals.correlation(X, y);
    assertTrue(c < 0.95, "correlation " + c);
    assertTrue(TestSignals.peak(y) <= 0.99f);
    assertEquals(TestSignals.rms(X), TestSignals.rms(y), 1e-4 * TestSignals.rms(X));
  }

  @Test
  void sameSeedSameCopyOtherSeedAnother() {
    float[] a = new GriffinLim().render(X, 11);
    float[] b = new GriffinLim().render(X, 11);
    assertArrayEquals(a, b);
    GriffinLim reused = new GriffinLim();
    reused.render(TestSignals.vowel(20000, 100), 3);
    assertArrayEquals(a, reused.render(X, 11), "an instance's buffers carry nothing over");
    assertFalse(Arrays.equals(a, new GriffinLim().render(X, 12)));
  }

  @Test
  void bandsReachNyquist() {
    // a 7800 Hz tone lies above a 7600 Hz filterbank's reach: its copy must keep it there
    float[] x = new float[16000];
    for (int t = 0; t < x.length; t++) {
      x[t] = (float) (0.3 * Math.sin(2 * Math.PI * 7800 * t / 16000.0));
    }
    GriffinLim gl = new GriffinLim();
    double[] lm = gl.logMel(gl.render(x, 1));
    int mid = (lm.length / GriffinLim.MELS / 2) * GriffinLim.MELS;
    int loudest = 0;
    for (int m = 0; m < GriffinLim.MELS; m++) {
      if (lm[mid + m] > lm[mid + loudest]) {
        loudest = m;
      }
    }
    assertEquals(GriffinLim.MELS - 1, loudest);
    assertEquals(gl.logMel(x)[mid + loudest], lm[mid + loudest], 0.5);
  }
}
