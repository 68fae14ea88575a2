package dev.vigil.trainer.augment;

/** 8-bit μ-law (μ = 255) and A-law (A = 87.6) round trips, as telephone channels apply them. */
public final class Companding {
  private static final double MU = 255.0;
  private static final double A = 87.6;
  private static final double LN_1_MU = Math.log1p(MU);
  private static final double ONE_LN_A = 1 + Math.log(A);

  private Companding() {}

  /** μ-law encode to 8 bits and decode, in place; samples are clipped to [-1, 1]. */
  public static void muLaw(float[] x, int off, int len) {
    for (int i = off; i < off + len; i++) {
      double v = Math.max(-1, Math.min(1, x[i]));
      double y = Math.signum(v) * Math.log1p(MU * Math.abs(v)) / LN_1_MU;
      double q = Math.round((y + 1) * 127.5) / 127.5 - 1;
      x[i] = (float) (Math.signum(q) * Math.expm1(Math.abs(q) * LN_1_MU) / MU);
    }
  }

  /** A-law encode to 8 bits and decode, in place; samples are clipped to [-1, 1]. */
  public static void aLaw(float[] x, int off, int len) {
    for (int i = off; i < off + len; i++) {
      double v = Math.max(-1, Math.min(1, x[i]));
      double a = Math.abs(v);
      double y = a < 1 / A ? A * a / ONE_LN_A : (1 + Math.log(A * a)) / ONE_LN_A;
      double q = Math.round(Math.signum(v) * y * 127.5) / 127.5;
      double qa = Math.abs(q);
      double d = qa < 1 / ONE_LN_A ? qa * ONE_LN_A / A : Math.exp(qa * ONE_LN_A - 1) / A;
      x[i] = (float) (Math.signum(q) * d);
    }
  }
}
