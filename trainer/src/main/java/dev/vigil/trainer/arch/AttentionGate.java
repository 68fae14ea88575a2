package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The attention gate (decisions.md): token_i = Linear_i(emb_i → d) + type_i (learnable [E, d]);
 * post-norm transformer encoder layers; a shared Linear(d → 1) per token gives E logits.
 */
public final class AttentionGate extends GateNet {
  private final List<LinearBlock> projections = new ArrayList<>();
  private final Parameter typeEmbedding;
  private final List<EncoderLayerBlock> layers = new ArrayList<>();
  private final LinearBlock score;

  AttentionGate(GateSpec spec, int[] embeddingSizes) {
    super(spec, embeddingSizes.length);
    int e = embeddingSizes.length;
    int d = spec.intOption("d_model", 64);
    int heads = spec.intOption("heads", 4);
    int ff = spec.intOption("ff", 128);
    int depth = spec.intOption("layers", 2);
    double dropout = spec.doubleOption("dropout", 0.1);
    if (d % heads != 0) {
      throw new IllegalArgumentException(
          "attention gate: d_model " + d + " must be a multiple of heads " + heads);
    }
    for (int i = 0; i < e; i++) {
      projections.add(
          addChildBlock("proj" + i, new LinearBlock(Layer.Linear.of(embeddingSizes[i], d))));
    }
    typeEmbedding =
        addParameter(
            Params.of("typeEmbedding", Parameter.Type.OTHER, new NormalInitializer(0.02f), e, d));
    for (int i = 0; i < depth; i++) {
      layers.add(
          addChildBlock(
              "layer" + i,
              new EncoderLayerBlock(new Layer.EncoderLayer(d, heads, ff, dropout, 1e-5))));
    }
    score = addChildBlock("score", new LinearBlock(Layer.Linear.of(d, 1)));
  }

  /** Per-expert token projections. */
  public List<LinearBlock> projections() {
    return Collections.unmodifiableList(projections);
  }

  /** Learnable expert-type embedding [E, d]. */
  public Parameter typeEmbedding() {
    return typeEmbedding;
  }

  /** Encoder layers in order. */
  public List<EncoderLayerBlock> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Per-token Linear(d → 1). */
  public LinearBlock score() {
    return score;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList tokens = new NDList();
    for (int i = 0; i < projections.size(); i++) {
      tokens.add(
          projections.get(i).forward(ps, new NDList(inputs.get(i)), training, params).head());
    }
    NDArray t = NDArrays.stack(tokens, 1);
    t = t.add(ps.getValue(typeEmbedding, t.getDevice(), training));
    NDList x = new NDList(t);
    for (EncoderLayerBlock layer : layers) {
      x = layer.forward(ps, x, training, params);
    }
    NDArray s = score.forward(ps, x, training, params).head();
    return new NDList(s.squeeze(2));
  }
}
