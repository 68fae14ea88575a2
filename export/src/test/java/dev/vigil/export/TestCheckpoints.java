package dev.vigil.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.checkpoint.TrainingSummary;
import java.io.IOException;
import java.nio.file.Path;

/** Small trained checkpoints for export tests: random init + a few SGD steps on random data. */
final class TestCheckpoints {
  private TestCheckpoints() {}

  /** Builds, trains {@code steps} SGD steps (batch 4, NLL on log P_mix) and saves a checkpoint. */
  static MixtureNet trainAndSave(
      Path dir, MixtureSpec spec, int steps, int storedSegments, NDManager m) throws IOException {
    MixtureNet net = Architectures.mixture(spec);
    net.initialize(m, DataType.FLOAT32, net.inputShapes(4));
    for (int s = 0; s < steps; s++) {
      try (NDManager step = m.newSubManager()) {
        NDList in = ParityCheck.random(spec, 4, 100 + s).batch(step, spec, 0, 4);
        NDArray onehot = step.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(4, 2));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.zeroGradients();
          NDArray logPmix = net.forward(new ParameterStore(step, false), in, true).get(3);
          NDArray loss = logPmix.mul(onehot).sum().neg().div(4);
          gc.backward(loss);
        }
        for (Parameter p : net.getParameters().values()) {
          if (p.requiresGradient()) {
            NDArray a = p.getArray();
            a.subi(a.getGradient().mul(0.01f));
          }
        }
      }
    }
    ObjectNode provenance = JsonNodeFactory.instance.objectNode();
    provenance.put("model_name", "export-test");
    provenance.put("model_version", "0.0.1");
    Checkpoint.save(
        dir,
        net,
        spec,
        TrainingSummary.unfitted(0.5, provenance),
        ParityCheck.random(spec, storedSegments, 7));
    return net;
  }
}
