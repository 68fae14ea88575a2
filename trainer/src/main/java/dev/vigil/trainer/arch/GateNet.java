package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A gate as a DJL block: {@code forward(NDList{embedding_0 .. embedding_{E-1} [, waveform]})}
 * returns {@code NDList{gate logits [N,E]}}; the mixture applies the softmax over experts.
 */
public abstract sealed class GateNet extends AbstractBlock
    permits SingleGate, ClassicGate, MlpGate, AttentionGate {
  private final GateSpec spec;
  private final int experts;

  GateNet(GateSpec spec, int experts) {
    this.spec = spec;
    this.experts = experts;
  }

  /** What this gate was built from. */
  public GateSpec spec() {
    return spec;
  }

  /** Number of experts E. */
  public int experts() {
    return experts;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), experts)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  /** Builds the gate of {@code spec} for experts with these embedding sizes. */
  static GateNet of(GateSpec spec, int[] embeddingSizes, int windowSamples) {
    return switch (spec.type()) {
      case GateSpec.SINGLE -> new SingleGate(spec);
      case GateSpec.CLASSIC ->
          new ClassicGate(
              spec, embeddingSizes.length, spec.intOption("window_samples", windowSamples));
      case GateSpec.MLP -> new MlpGate(spec, embeddingSizes);
      case GateSpec.ATTENTION -> new AttentionGate(spec, embeddingSizes);
      default -> throw new IllegalArgumentException("gate type must be one of " + GateSpec.TYPES);
    };
  }
}
