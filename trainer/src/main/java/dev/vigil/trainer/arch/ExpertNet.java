package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One expert as a DJL block: {@code forward(NDList{features [N,1,F,T]})} returns {@code
 * NDList{logits [N,2], embedding [N,D]}} (logit index 0 bonafide, 1 spoof).
 */
public final class ExpertNet extends AbstractBlock {
  private final ExpertSpec spec;
  private final ExpertLayout layout;
  private final SequentialBlock body;
  private final LinearBlock head;

  ExpertNet(ExpertSpec spec) {
    this.spec = spec;
    this.layout = ExpertLayout.of(spec);
    body = addChildBlock("body", new SequentialBlock(layout.body()));
    head = addChildBlock("head", new LinearBlock(layout.head()));
  }

  /** What this expert was built from. */
  public ExpertSpec spec() {
    return spec;
  }

  /** Its layer description. */
  public ExpertLayout layout() {
    return layout;
  }

  /** Features → embedding. */
  public SequentialBlock body() {
    return body;
  }

  /** Embedding → logits. */
  public LinearBlock head() {
    return head;
  }

  /** Shape of one input example, [1, F, T]. */
  public Shape inputShape(long batch) {
    return new Shape(batch, 1, spec.feature().bins(), spec.feature().frames());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkShape(
        "expert " + spec.name() + " input",
        x,
        new long[] {1, spec.feature().bins(), spec.feature().frames()});
    NDList emb = body.forward(ps, new NDList(x), training, params);
    NDArray logits = head.forward(ps, emb, training, params).singletonOrThrow();
    return new NDList(logits, emb.singletonOrThrow());
  }

  /** Refuses an array whose shape is not [N, expected...], naming both shapes. */
  static void checkShape(String what, NDArray x, long[] expected) {
    long[] got = x.getShape().getShape();
    boolean ok = got.length == expected.length + 1;
    for (int i = 0; ok && i < expected.length; i++) {
      ok = got[i + 1] == expected[i];
    }
    if (!ok) {
      long[] want = new long[expected.length + 1];
      want[0] = -1;
      System.arraycopy(expected, 0, want, 1, expected.length);
      throw new IllegalArgumentException(
          what + " must have shape " + new Shape(want) + " (-1 = any batch), got " + x.getShape());
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {new Shape(n, 2), new Shape(n, layout.embeddingSize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }
}
