package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@link Layer.Conv2d} as a DJL block: parameters {@code weight} [O,I,k,k], {@code bias} [O]. */
public final class ConvBlock extends DescribedBlock {
  private final Layer.Conv2d spec;
  private final Parameter weight;
  private final Parameter bias;

  ConvBlock(Layer.Conv2d spec) {
    super(spec);
    this.spec = spec;
    long fanIn = (long) spec.in() * spec.kernel() * spec.kernel();
    weight =
        addParameter(
            Params.of(
                "weight",
                Parameter.Type.WEIGHT,
                Params.fanIn(fanIn),
                spec.out(),
                spec.in(),
                spec.kernel(),
                spec.kernel()));
    bias =
        spec.bias()
            ? addParameter(Params.of("bias", Parameter.Type.BIAS, Params.fanIn(fanIn), spec.out()))
            : null;
  }

  /** The weight parameter. */
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
    int s = spec.stride();
    int p = spec.padding();
    return Conv2d.conv2d(x, w, b, new Shape(s, s), new Shape(p, p), new Shape(1, 1), 1);
  }
}
