package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The Classic MoE gate: Linear(window_samples → E) over the raw waveform [N, window_samples]. */
public final class ClassicGate extends GateNet {
  private final LinearBlock linear;

  ClassicGate(GateSpec spec, int experts, int windowSamples) {
    super(spec, experts);
    linear = addChildBlock("linear", new LinearBlock(Layer.Linear.of(windowSamples, experts)));
  }

  /** The waveform projection. */
  public LinearBlock linear() {
    return linear;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    // inputs: E embeddings, then the waveform
    return linear.forward(ps, new NDList(inputs.get(inputs.size() - 1)), training, params);
  }
}
