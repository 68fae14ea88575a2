package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link Layer.Sequential}: one child block per layer, applied in order. */
public final class SequentialBlock extends DescribedBlock {
  private final List<Block> steps = new ArrayList<>();

  SequentialBlock(Layer.Sequential spec) {
    super(spec);
    int i = 0;
    for (Layer l : spec.layers()) {
      steps.add(addChildBlock(LayerBlocks.opName(l) + i++, LayerBlocks.build(l)));
    }
  }

  /** The child blocks in order, one per layer of the description. */
  public List<Block> steps() {
    return Collections.unmodifiableList(steps);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = inputs;
    for (Block b : steps) {
      x = b.forward(ps, x, training, params);
    }
    return x;
  }
}
