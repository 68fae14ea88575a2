package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@link Layer.EncoderLayer}: post-norm transformer encoder layer over [N, S, d]. */
public final class EncoderLayerBlock extends DescribedBlock {
  private final Layer.EncoderLayer spec;
  private final SelfAttentionBlock attention;
  private final SequentialBlock feedForward;
  private final LayerNormBlock norm1;
  private final LayerNormBlock norm2;

  EncoderLayerBlock(Layer.EncoderLayer spec) {
    super(spec);
    this.spec = spec;
    attention = addChildBlock("attention", new SelfAttentionBlock(spec.attention()));
    feedForward =
        addChildBlock("feedForward", new SequentialBlock(new Layer.Sequential(spec.feedForward())));
    norm1 = addChildBlock("norm1", new LayerNormBlock(spec.norms().get(0)));
    norm2 = addChildBlock("norm2", new LayerNormBlock(spec.norms().get(1)));
  }

  /** Self-attention. */
  public SelfAttentionBlock attention() {
    return attention;
  }

  /** Linear-ReLU-Dropout-Linear. */
  public SequentialBlock feedForward() {
    return feedForward;
  }

  /** Norm after the attention residual. */
  public LayerNormBlock norm1() {
    return norm1;
  }

  /** Norm after the feed-forward residual. */
  public LayerNormBlock norm2() {
    return norm2;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray a = drop(attention.forward(ps, inputs, training, params).singletonOrThrow(), training);
    NDList h = norm1.forward(ps, new NDList(x.add(a)), training, params);
    NDArray f = drop(feedForward.forward(ps, h, training, params).singletonOrThrow(), training);
    return norm2.forward(ps, new NDList(h.singletonOrThrow().add(f)), training, params);
  }

  private NDArray drop(NDArray x, boolean training) {
    if (spec.dropout() <= 0) {
      return x;
    }
    return Dropout.dropout(x, (float) spec.dropout(), training).singletonOrThrow();
  }
}
