package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@link Layer.BatchNorm} over axis 1: trainable {@code gamma}, {@code beta}; running statistics
 * {@code runningMean}, {@code runningVar} (not trainable, updated in training mode).
 */
public final class BatchNormBlock extends DescribedBlock {
  private final Layer.BatchNorm spec;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;

  BatchNormBlock(Layer.BatchNorm spec) {
    super(spec);
    this.spec = spec;
    int c = spec.channels();
    gamma = addParameter(Params.of("gamma", Parameter.Type.GAMMA, Params.constant(1f), c));
    beta = addParameter(Params.of("beta", Parameter.Type.BETA, Params.constant(0f), c));
    runningMean = addParameter(Params.stat("runningMean", Parameter.Type.RUNNING_MEAN, 0f, c));
    runningVar = addParameter(Params.stat("runningVar", Parameter.Type.RUNNING_VAR, 1f, c));
  }

  /** Scale. */
  public Parameter gamma() {
    return gamma;
  }

  /** Shift. */
  public Parameter beta() {
    return beta;
  }

  /** Running mean. */
  public Parameter runningMean() {
    return runningMean;
  }

  /** Running variance. */
  public Parameter runningVar() {
    return runningVar;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    var d = x.getDevice();
    // DJL's momentum is the weight of the OLD running value (PyTorch's is the new batch's)
    return BatchNorm.batchNorm(
        x,
        ps.getValue(runningMean, d, training),
        ps.getValue(runningVar, d, training),
        ps.getValue(gamma, d, training),
        ps.getValue(beta, d, training),
        1,
        (float) (1.0 - spec.momentum()),
        (float) spec.eps(),
        training);
  }
}
