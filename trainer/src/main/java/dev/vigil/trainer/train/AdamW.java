package dev.vigil.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}: w ← w·(1 − lr·wd), then
 * the bias-corrected Adam step). Written here rather than DJL's so that its moments can be saved
 * and restored, and a resumed run continues with the same optimizer state. Not thread-safe; close
 * it to free the moments.
 */
public final class AdamW implements AutoCloseable {
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double eps = 1e-8;
  private final double weightDecay;
  private final NDManager manager;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private long step;
  private boolean closed;

  /**
   * @param parent manager the moments are allocated under
   * @param weightDecay decoupled weight decay
   */
  public AdamW(NDManager parent, double weightDecay) {
    this.manager = parent.newSubManager();
    this.weightDecay = weightDecay;
  }

  /** Updates taken so far. */
  public long step() {
    return step;
  }

  /**
   * One update of every trainable parameter that has a gradient.
   *
   * @param params the block's parameters ({@code block.getParameters()})
   * @param lr the learning rate of this step
   */
  public void update(List<Pair<String, Parameter>> params, double lr) {
    if (closed) {
      throw new IllegalStateException("optimizer is closed");
    }
    step++;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    for (Pair<String, Parameter> p : params) {
      Parameter param = p.getValue();
      if (!param.requiresGradient() || !param.isInitialized()) {
        continue;
      }
      NDArray w = param.getArray();
      if (!w.hasGradient()) {
        continue;
      }
      NDArray g = w.getGradient();
      NDArray[] mv =
          moments.computeIfAbsent(
              p.getKey(),
              k -> new NDArray[] {manager.zeros(w.getShape()), manager.zeros(w.getShape())});
      // every temporary is closed here: the step runs once per parameter per batch, and arrays left
      // to their manager would live (in native memory) until the optimizer closes
      try (NDArray scaled = g.mul((float) (1 - beta1))) {
        mv[0].muli((float) beta1).addi(scaled);
      }
      try (NDArray squared = g.square()) {
        mv[1].muli((float) beta2).addi(squared.muli((float) (1 - beta2)));
      }
      if (weightDecay > 0) {
        w.muli((float) (1 - lr * weightDecay));
      }
      try (NDArray corrected = mv[1].div((float) c2);
          NDArray denom = corrected.sqrt();
          NDArray step = mv[0].div(denom.addi((float) eps))) {
        w.subi(step.muli((float) (lr / c1)));
      }
      g.muli(0f);
      g.close();
    }
  }

  /** Sets every trainable parameter's gradient to zero (before a step's backward pass). */
  public static void zeroGradients(List<Pair<String, Parameter>> params) {
    for (Pair<String, Parameter> p : params) {
      Parameter param = p.getValue();
      if (param.isInitialized() && param.getArray().hasGradient()) {
        try (NDArray g = param.getArray().getGradient()) {
          g.muli(0f);
        }
      }
    }
  }

  /** Writes the step count and moments to {@code file}. */
  public void save(Path file) throws IOException {
    NDList list = new NDList();
    List<String> names = new ArrayList<>(moments.keySet());
    for (String n : names) {
      NDArray[] mv = moments.get(n);
      mv[0].setName(n + "#m");
      mv[1].setName(n + "#v");
      list.add(mv[0]);
      list.add(mv[1]);
    }
    NDArray s = manager.create(new long[] {step});
    s.setName("#step");
    list.add(s);
    Files.write(file, list.encode());
    s.close();
  }

  /**
   * Restores what {@link #save} wrote.
   *
   * @throws IOException naming the file when it is unreadable or malformed
   */
  public void load(Path file) throws IOException {
    NDList list;
    try {
      list = NDList.decode(manager, Files.readAllBytes(file));
    } catch (RuntimeException e) {
      throw new IOException(file + ": not an optimizer state file: " + e.getMessage(), e);
    }
    moments
        .values()
        .forEach(
            a -> {
              a[0].close();
              a[1].close();
            });
    moments.clear();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      String name = list.get(i).getName();
      if (name == null || !name.endsWith("#m")) {
        throw new IOException(file + ": malformed optimizer state");
      }
      moments.put(
          name.substring(0, name.length() - 2), new NDArray[] {list.get(i), list.get(i + 1)});
    }
    step = list.get(list.size() - 1).toLongArray()[0];
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
