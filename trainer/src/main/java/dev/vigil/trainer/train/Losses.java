package dev.vigil.trainer.train;

import ai.djl.ndarray.NDArray;

/** The two training losses, on log-probabilities [N, 2] (class 0 bona fide, 1 spoof). */
public final class Losses {
  private Losses() {}

  /**
   * Mean label-smoothed negative log-likelihood: −Σ_c q_c·logp_c with q = (1 − ε)·onehot + ε/2.
   * With {@code logp = logSoftmax(logits)} this is cross-entropy on logits with label smoothing ε;
   * with ε = 0 on log P_mix it is the mixture's NLL.
   *
   * @param logp log-probabilities [N, 2]
   * @param labels labels [N] (float 0/1)
   * @param smoothing ε in [0, 1)
   * @return the scalar mean loss
   */
  public static NDArray smoothedNll(NDArray logp, NDArray labels, double smoothing) {
    NDArray y1 = labels.reshape(-1, 1);
    NDArray onehot = y1.neg().add(1).concat(y1, 1); // [1-y, y]
    NDArray q = onehot.mul((float) (1 - smoothing)).add((float) (smoothing / 2));
    return logp.mul(q).sum(new int[] {1}).neg().mean();
  }
}
