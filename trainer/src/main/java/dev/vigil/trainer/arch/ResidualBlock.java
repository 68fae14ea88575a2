package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@link Layer.BasicBlock}: ReLU(main(x) + shortcut(x)); an empty shortcut is the identity. */
public final class ResidualBlock extends DescribedBlock {
  private final SequentialBlock main;
  private final SequentialBlock shortcut;

  ResidualBlock(Layer.BasicBlock spec) {
    super(spec);
    main = addChildBlock("main", new SequentialBlock(new Layer.Sequential(spec.mainPath())));
    shortcut =
        addChildBlock("shortcut", new SequentialBlock(new Layer.Sequential(spec.shortcut())));
  }

  /** conv-BN-ReLU-conv-BN. */
  public SequentialBlock main() {
    return main;
  }

  /** Empty (identity) or 1×1 conv + BN. */
  public SequentialBlock shortcut() {
    return shortcut;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray y = main.forward(ps, inputs, training, params).singletonOrThrow();
    NDArray s = shortcut.forward(ps, inputs, training, params).singletonOrThrow();
    return new NDList(Activation.relu(y.add(s)));
  }
}
