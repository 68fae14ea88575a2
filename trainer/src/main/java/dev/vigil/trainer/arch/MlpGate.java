package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Enhanced MoE gate (reference §1.5): e_i = LeakyReLU(BN(Linear_i(emb_i))) with ONE shared BN;
 * fused = e_1 ⊙ … ⊙ e_E ⊙ pooling (learnable, init ones); concat[e_1..e_E, fused] → Linear →
 * Dropout → BN → LeakyReLU → Linear → E logits.
 */
public final class MlpGate extends GateNet {
  private final List<LinearBlock> projections = new ArrayList<>();
  private final BatchNormBlock sharedNorm;
  private final Layer.LeakyRelu leaky;
  private final Parameter pooling;
  private final LinearBlock fuse;
  private final Layer.Dropout dropout;
  private final BatchNormBlock fuseNorm;
  private final LinearBlock out;

  MlpGate(GateSpec spec, int[] embeddingSizes) {
    super(spec, embeddingSizes.length);
    int e = embeddingSizes.length;
    int hidden = spec.intOption("hidden", 32);
    int fusion = spec.intOption("fusion", 64);
    for (int i = 0; i < e; i++) {
      projections.add(
          addChildBlock("proj" + i, new LinearBlock(Layer.Linear.of(embeddingSizes[i], hidden))));
    }
    sharedNorm = addChildBlock("norm", new BatchNormBlock(Layer.BatchNorm.of(hidden)));
    leaky = new Layer.LeakyRelu(spec.doubleOption("leaky_slope", 0.01));
    pooling = addParameter(Params.of("pooling", Parameter.Type.OTHER, Params.constant(1f), hidden));
    fuse = addChildBlock("fuse", new LinearBlock(Layer.Linear.of(hidden * (e + 1), fusion)));
    dropout = new Layer.Dropout(spec.doubleOption("dropout", 0.2));
    fuseNorm = addChildBlock("fuseNorm", new BatchNormBlock(Layer.BatchNorm.of(fusion)));
    out = addChildBlock("out", new LinearBlock(Layer.Linear.of(fusion, e)));
  }

  /** Per-expert projections. */
  public List<LinearBlock> projections() {
    return Collections.unmodifiableList(projections);
  }

  /** The BN shared by all projections. */
  public BatchNormBlock sharedNorm() {
    return sharedNorm;
  }

  /** The activation used after both norms. */
  public Layer.LeakyRelu leaky() {
    return leaky;
  }

  /** The learnable vector multiplying the product of the projections. */
  public Parameter pooling() {
    return pooling;
  }

  /** Linear over the concatenation. */
  public LinearBlock fuse() {
    return fuse;
  }

  /** BN after the fusion layer. */
  public BatchNormBlock fuseNorm() {
    return fuseNorm;
  }

  /** Final Linear to E logits. */
  public LinearBlock out() {
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList parts = new NDList();
    NDArray product = null;
    for (int i = 0; i < projections.size(); i++) {
      NDList p = projections.get(i).forward(ps, new NDList(inputs.get(i)), training, params);
      NDArray e = sharedNorm.forward(ps, p, training, params).singletonOrThrow();
      e = OpBlock.apply(leaky, e, training);
      parts.add(e);
      product = product == null ? e : product.mul(e);
    }
    NDArray pool = ps.getValue(pooling, inputs.get(0).getDevice(), training);
    parts.add(product.mul(pool));
    NDArray h = fuse.forward(ps, new NDList(NDArrays.concat(parts, 1)), training, params).head();
    h = OpBlock.apply(dropout, h, training);
    h = fuseNorm.forward(ps, new NDList(h), training, params).head();
    h = OpBlock.apply(leaky, h, training);
    return out.forward(ps, new NDList(h), training, params);
  }
}
