package dev.vigil.export;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.checkpoint.ParitySegments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the same inputs through the exported file (loaded by the runtime's {@link Model}, so the
 * contract checks run too) and through the DJL mixture in inference mode, and measures the largest
 * differences of every output. Times are medians over the batches after one untimed warm-up batch.
 */
final class ParityCheck {
  private ParityCheck() {}

  static ParityReport run(
      MixtureNet net,
      ModelFile onnx,
      ParitySegments stored,
      int randomInputs,
      int batchSize,
      long seed,
      NDManager manager)
      throws ModelException {
    MixtureSpec spec = net.spec();
    ParitySegments random = random(spec, randomInputs, seed);
    double[] max = new double[3];
    List<Double> ortMs = new ArrayList<>();
    List<Double> djlMs = new ArrayList<>();
    try (Model model = Model.load(onnx, new ModelOptions("cpu", 2, batchSize))) {
      // warm-up (first-call costs of both engines), compared but not timed
      ParitySegments first = stored.count() > 0 ? stored : random;
      if (first.count() > 0) {
        int n = Math.min(batchSize, first.count());
        compare(net, model, spec, first, 0, n, manager, max, new ArrayList<>(), new ArrayList<>());
      }
      for (ParitySegments set : List.of(stored, random)) {
        for (int from = 0; from < set.count(); from += batchSize) {
          int n = Math.min(batchSize, set.count() - from);
          compare(net, model, spec, set, from, n, manager, max, ortMs, djlMs);
        }
      }
    }
    return new ParityReport(
        max[0],
        max[1],
        max[2],
        stored.count(),
        randomInputs,
        batchSize,
        median(ortMs),
        median(djlMs));
  }

  private static void compare(
      MixtureNet net,
      Model model,
      MixtureSpec spec,
      ParitySegments set,
      int from,
      int n,
      NDManager manager,
      double[] max,
      List<Double> ortMs,
      List<Double> djlMs)
      throws ModelException {
    List<String> names = spec.inputNames();
    int features = spec.features().size();
    Batch batch = model.newBatch(n);
    for (int i = 0; i < n; i++) {
      float[][] f = new float[features][];
      for (int k = 0; k < features; k++) {
        f[k] = slice(set, spec, names.get(k), from + i);
      }
      float[] window =
          names.size() > features ? slice(set, spec, MixtureSpec.WAVEFORM, from + i) : null;
      batch.add(f, window, 0);
    }
    model.run(batch);
    ortMs.add(batch.lastRunNanos() / 1e6);

    try (NDManager sub = manager.newSubManager()) {
      NDList in = set.batch(sub, spec, from, n);
      long t0 = System.nanoTime();
      NDList out = net.forward(new ParameterStore(sub, false), in, false);
      float[] score = out.get(0).toFloatArray();
      float[] es = out.get(1).toFloatArray();
      float[] w = out.get(2).toFloatArray();
      djlMs.add((System.nanoTime() - t0) / 1e6);
      int e = batch.experts();
      for (int i = 0; i < n; i++) {
        max[0] = Math.max(max[0], diff(score[i], batch.score(i)));
        for (int k = 0; k < e; k++) {
          max[1] = Math.max(max[1], diff(es[i * e + k], batch.expertScore(i, k)));
          max[2] = Math.max(max[2], diff(w[i * e + k], batch.gateWeight(i, k)));
        }
      }
    }
  }

  /** NaN on either side counts as an infinite difference. */
  private static double diff(float a, float b) {
    double d = Math.abs((double) a - b);
    return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
  }

  private static float[] slice(ParitySegments set, MixtureSpec spec, String name, int index) {
    int per = (int) new Shape(spec.inputShape(name)).size();
    return Arrays.copyOfRange(set.inputs().get(name), index * per, (index + 1) * per);
  }

  /** Random model inputs: standard normal features, a ±0.5 uniform waveform. */
  static ParitySegments random(MixtureSpec spec, int count, long seed) {
    Random r = new Random(seed);
    Map<String, float[]> inputs = new LinkedHashMap<>();
    for (String name : spec.inputNames()) {
      float[] d = new float[(int) new Shape(spec.inputShape(name)).size() * count];
      boolean wave = MixtureSpec.WAVEFORM.equals(name);
      for (int i = 0; i < d.length; i++) {
        d[i] = wave ? r.nextFloat() - 0.5f : (float) r.nextGaussian();
      }
      inputs.put(name, d);
    }
    return new ParitySegments(count, inputs, null);
  }

  /** The upper median of {@code v}; NaN when empty. */
  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
