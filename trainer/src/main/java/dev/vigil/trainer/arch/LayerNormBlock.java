package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@link Layer.LayerNorm} over the last axis: {@code gamma} (ones), {@code beta} (zeros). */
public final class LayerNormBlock extends DescribedBlock {
  private final Layer.LayerNorm spec;
  private final Parameter gamma;
  private final Parameter beta;

  LayerNormBlock(Layer.LayerNorm spec) {
    super(spec);
    this.spec = spec;
    gamma = addParameter(Params.of("gamma", Parameter.Type.GAMMA, Params.constant(1f), spec.d()));
    beta = addParameter(Params.of("beta", Parameter.Type.BETA, Params.constant(0f), spec.d()));
  }

  /** Scale. */
  public Parameter gamma() {
    return gamma;
  }

  /** Shift. */
  public Parameter beta() {
    return beta;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return LayerNorm.layerNorm(
        x,
        new Shape(spec.d()),
        ps.getValue(gamma, x.getDevice(), training),
        ps.getValue(beta, x.getDevice(), training),
        (float) spec.eps());
  }
}
