package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A mixture of experts as a DJL block. {@code forward(inputs)} takes the inputs in the order of
 * {@link MixtureSpec#inputNames()} and returns {@code NDList{score [N], expertScores [N,E],
 * gateWeights [N,E], logPmix [N,2]}}: P_mix = Σ_e w_e·softmax(logits_e); score = P_mix(spoof), or
 * sigmoid(a·logit(P_mix(spoof)) + b) with a calibration; logPmix (for the NLL loss) is computed in
 * log space.
 */
public final class MixtureNet extends AbstractBlock {
  private final MixtureSpec spec;
  private final List<ExpertNet> experts = new ArrayList<>();
  private final int[] inputOfExpert;
  private final GateNet gate;
  private boolean expertsFrozen;

  MixtureNet(MixtureSpec spec) {
    this.spec = spec;
    List<String> names = spec.inputNames();
    inputOfExpert = new int[spec.experts().size()];
    int[] embeddings = new int[spec.experts().size()];
    for (int i = 0; i < spec.experts().size(); i++) {
      ExpertSpec e = spec.experts().get(i);
      ExpertNet net = addChildBlock("expert" + i, new ExpertNet(e));
      experts.add(net);
      inputOfExpert[i] = names.indexOf(e.feature().name());
      embeddings[i] = net.layout().embeddingSize();
    }
    gate =
        addChildBlock(
            "gate",
            GateNet.of(spec.gate(), embeddings, spec.experts().get(0).feature().windowSamples()));
  }

  /** What this mixture was built from. */
  public MixtureSpec spec() {
    return spec;
  }

  /** Expert {@code i}, in {@link MixtureSpec#experts()} order. */
  public ExpertNet expert(int i) {
    return experts.get(i);
  }

  /** All experts in order. */
  public List<ExpertNet> experts() {
    return Collections.unmodifiableList(experts);
  }

  /** The gate. */
  public GateNet gate() {
    return gate;
  }

  /** Index into the forward inputs of the features expert {@code i} reads. */
  public int inputOfExpert(int i) {
    return inputOfExpert[i];
  }

  /**
   * Frozen experts get no gradient and run in inference mode (BatchNorm uses and keeps its running
   * statistics, dropout is off) even while the gate trains.
   */
  public void setExpertsFrozen(boolean frozen) {
    for (ExpertNet e : experts) {
      // running statistics never take gradients (an optimizer's weight decay would shrink them)
      e.freezeParameters(
          frozen,
          p ->
              p.getType() != Parameter.Type.RUNNING_MEAN
                  && p.getType() != Parameter.Type.RUNNING_VAR);
    }
    expertsFrozen = frozen;
  }

  /** Whether {@link #setExpertsFrozen(boolean)} froze the experts. */
  public boolean expertsFrozen() {
    return expertsFrozen;
  }

  /** Shapes of one batch of inputs, in {@link MixtureSpec#inputNames()} order. */
  public Shape[] inputShapes(long batch) {
    List<String> names = spec.inputNames();
    Shape[] shapes = new Shape[names.size()];
    for (int i = 0; i < shapes.length; i++) {
      long[] s = spec.inputShape(names.get(i));
      long[] b = new long[s.length + 1];
      b[0] = batch;
      System.arraycopy(s, 0, b, 1, s.length);
      shapes[i] = new Shape(b);
    }
    return shapes;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    int e = experts.size();
    if (inputs.size() != spec.inputNames().size()) {
      throw new IllegalArgumentException(
          "mixture takes " + spec.inputNames() + ", got " + inputs.size() + " arrays");
    }
    List<String> names = spec.inputNames();
    for (int i = 0; i < names.size(); i++) {
      ExpertNet.checkShape(
          "mixture input " + names.get(i), inputs.get(i), spec.inputShape(names.get(i)));
    }
    boolean expertTraining = training && !expertsFrozen;
    NDList logits = new NDList(e);
    NDList gateIn = new NDList(e + 1);
    for (int i = 0; i < e; i++) {
      NDList out =
          experts
              .get(i)
              .forward(ps, new NDList(inputs.get(inputOfExpert[i])), expertTraining, params);
      logits.add(out.get(0));
      gateIn.add(out.get(1));
    }
    if (GateSpec.CLASSIC.equals(spec.gate().type())) {
      gateIn.add(inputs.get(inputs.size() - 1));
    }
    NDArray logP = NDArrays.stack(logits, 1).logSoftmax(2); // [N,E,2]
    NDArray probs = logP.exp();
    NDArray expertScores = probs.get(new NDIndex(":, :, 1"));
    NDArray gateLogits = gate.forward(ps, gateIn, training, params).singletonOrThrow();
    NDArray logW = gateLogits.logSoftmax(1); // [N,E]
    NDArray w = logW.exp();
    NDArray pmix = w.expandDims(2).mul(probs).sum(new int[] {1}); // [N,2]
    NDArray joint = logW.expandDims(2).add(logP); // [N,E,2]
    NDArray max = joint.max(new int[] {1}, true).stopGradient();
    NDArray logPmix = joint.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1)); // [N,2]
    NDArray score;
    Calibration c = spec.calibration();
    if (c.isIdentity()) {
      score = pmix.get(new NDIndex(":, 1"));
    } else {
      NDArray logit = logPmix.get(new NDIndex(":, 1")).sub(logPmix.get(new NDIndex(":, 0")));
      score = Activation.sigmoid(logit.mul(c.a()).add(c.b()));
    }
    return new NDList(score, expertScores, w, logPmix);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    int e = experts.size();
    return new Shape[] {new Shape(n), new Shape(n, e), new Shape(n, e), new Shape(n, 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }
}
