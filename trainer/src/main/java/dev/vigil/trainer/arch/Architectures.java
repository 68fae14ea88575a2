package dev.vigil.trainer.arch;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/** Entry points: build experts and mixtures from their specs, count parameters. */
public final class Architectures {
  private Architectures() {}

  /** A fresh, uninitialised expert (call {@code initialize} or load parameters). */
  public static ExpertNet expert(ExpertSpec spec) {
    return new ExpertNet(spec);
  }

  /** A fresh, uninitialised mixture. */
  public static MixtureNet mixture(MixtureSpec spec) {
    return new MixtureNet(spec);
  }

  /**
   * Trainable parameters of an initialised block: every parameter except BatchNorm running
   * statistics (frozen parameters still count: they are trainable, just not now).
   */
  public static long parameterCount(Block block) {
    long n = 0;
    for (Parameter p : block.getParameters().values()) {
      if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
        continue;
      }
      n += p.getShape().size();
    }
    return n;
  }
}
