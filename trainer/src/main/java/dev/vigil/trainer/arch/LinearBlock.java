package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@link Layer.Linear} over the last axis: parameters {@code weight} [out,in] (Xavier-uniform),
 * {@code bias} [out] (0.01, the reference LCNN's init).
 */
public final class LinearBlock extends DescribedBlock {
  private final Parameter weight;
  private final Parameter bias;

  LinearBlock(Layer.Linear spec) {
    super(spec);
    weight =
        addParameter(
            Params.of("weight", Parameter.Type.WEIGHT, Params.xavier(), spec.out(), spec.in()));
    bias =
        spec.bias()
            ? addParameter(
                Params.of("bias", Parameter.Type.BIAS, Params.constant(0.01f), spec.out()))
            : null;
  }

  /** The weight parameter [out, in]. */
  public Parameter weight() {
    return weight;
  }

  /** The bias parameter, or null without bias. */
  public Parameter bias() {
    return bias;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
    return Linear.linear(x, w, b);
  }
}
