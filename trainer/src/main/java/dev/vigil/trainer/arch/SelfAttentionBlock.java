package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@link Layer.SelfAttention} over [N, S, d]: softmax(Q·Kᵀ/√(d/h))·V per head, then the output
 * projection.
 */
public final class SelfAttentionBlock extends DescribedBlock {
  private final Layer.SelfAttention spec;
  private final LinearBlock query;
  private final LinearBlock key;
  private final LinearBlock value;
  private final LinearBlock output;

  SelfAttentionBlock(Layer.SelfAttention spec) {
    super(spec);
    this.spec = spec;
    var p = spec.projections();
    query = addChildBlock("query", new LinearBlock(p.get(0)));
    key = addChildBlock("key", new LinearBlock(p.get(1)));
    value = addChildBlock("value", new LinearBlock(p.get(2)));
    output = addChildBlock("output", new LinearBlock(p.get(3)));
  }

  /** Query projection. */
  public LinearBlock query() {
    return query;
  }

  /** Key projection. */
  public LinearBlock key() {
    return key;
  }

  /** Value projection. */
  public LinearBlock value() {
    return value;
  }

  /** Output projection. */
  public LinearBlock output() {
    return output;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long n = x.getShape().get(0);
    long s = x.getShape().get(1);
    int h = spec.heads();
    int dh = spec.d() / h;
    NDArray q = heads(query.forward(ps, inputs, training, params).singletonOrThrow(), n, s, h, dh);
    NDArray k = heads(key.forward(ps, inputs, training, params).singletonOrThrow(), n, s, h, dh);
    NDArray v = heads(value.forward(ps, inputs, training, params).singletonOrThrow(), n, s, h, dh);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(dh)).softmax(-1);
    if (spec.dropout() > 0) {
      att = Dropout.dropout(att, (float) spec.dropout(), training).singletonOrThrow();
    }
    NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(new Shape(n, s, spec.d()));
    return output.forward(ps, new NDList(ctx), training, params);
  }

  private static NDArray heads(NDArray t, long n, long s, int h, int dh) {
    return t.reshape(new Shape(n, s, h, dh)).transpose(0, 2, 1, 3);
  }
}
