package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The gate of a lone expert: logits 0 for the one expert, so its weight is 1. */
public final class SingleGate extends GateNet {
  SingleGate(GateSpec spec) {
    super(spec, 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    var x = inputs.get(0);
    return new NDList(x.getManager().zeros(new Shape(x.getShape().get(0), 1), x.getDataType()));
  }
}
