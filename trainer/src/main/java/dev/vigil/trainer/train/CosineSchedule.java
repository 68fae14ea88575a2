package dev.vigil.trainer.train;

/**
 * Cosine annealing, closed form as PyTorch's {@code CosineAnnealingLR} defines it: lr(t) = eta_min
 * + (lr0 − eta_min)·(1 + cos(π·t/T_max))/2, with t the epoch or the step counted from 0. Past T_max
 * the rate stays at eta_min (Vigil's choice: no warm restart).
 *
 * @param lr0 the starting rate
 * @param etaMin the floor
 * @param tMax the period, in the unit of t
 */
public record CosineSchedule(double lr0, double etaMin, int tMax) {

  /** Validates. */
  public CosineSchedule {
    if (!(lr0 > 0) || etaMin < 0 || etaMin > lr0 || tMax < 1) {
      throw new IllegalArgumentException(
          "cosine schedule needs lr > 0, 0 <= eta_min <= lr and t_max >= 1");
    }
  }

  /** The rate at t (epoch or step). */
  public double at(double t) {
    if (t >= tMax) {
      return etaMin;
    }
    return etaMin + (lr0 - etaMin) * (1 + Math.cos(Math.PI * Math.max(0, t) / tMax)) / 2;
  }
}
