package dev.vigil.export;

import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelMetadata;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.model.Thresholds;
import dev.vigil.trainer.checkpoint.ParitySegments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The int8 counterpart of parity: the same windows through the fp32 source and the int8 model, both
 * loaded by the runtime's {@link Model}; max and mean |Δ score| and the labels that flip at the
 * model's default operating point. Batches alternate between the two models, so their times
 * (medians after one warm-up batch) come from the same minutes of a busy machine.
 */
final class AccuracyCheck {
  private static final int BATCH = 8;

  private AccuracyCheck() {}

  static AccuracyReport run(
      ModelFile fp32,
      ModelFile int8,
      ParitySegments windows,
      int storedWindows,
      double maxMeanAbs,
      double maxFlipShare)
      throws ModelException {
    ModelMetadata meta = fp32.metadata();
    Thresholds t = meta.thresholds();
    double threshold = t.points().get(t.defaultPoint());
    double max = 0;
    double sum = 0;
    int flips = 0;
    List<Double> msFp32 = new ArrayList<>();
    List<Double> msInt8 = new ArrayList<>();
    try (Model a = Model.load(fp32, new ModelOptions("cpu", 2, BATCH));
        Model b = Model.load(int8, new ModelOptions("cpu", 2, BATCH))) {
      for (int from = 0; from < windows.count(); from += BATCH) {
        int n = Math.min(BATCH, windows.count() - from);
        Batch ba = fill(a, meta, windows, from, n);
        Batch bb = fill(b, meta, windows, from, n);
        a.run(ba);
        b.run(bb);
        if (from > 0) {
          msFp32.add(ba.lastRunNanos() / 1e6);
          msInt8.add(bb.lastRunNanos() / 1e6);
        }
        for (int i = 0; i < n; i++) {
          double d = Math.abs((double) ba.score(i) - bb.score(i));
          if (Double.isNaN(d)) {
            d = Double.POSITIVE_INFINITY;
          }
          max = Math.max(max, d);
          sum += d;
          if ((ba.score(i) >= threshold) != (bb.score(i) >= threshold)) {
            flips++;
          }
        }
      }
    }
    return new AccuracyReport(
        windows.count(),
        storedWindows,
        max,
        windows.count() == 0 ? 0 : sum / windows.count(),
        flips,
        threshold,
        maxMeanAbs,
        maxFlipShare,
        ParityCheck.median(msFp32),
        ParityCheck.median(msInt8));
  }

  private static Batch fill(Model m, ModelMetadata meta, ParitySegments w, int from, int n) {
    Batch batch = m.newBatch(n);
    int features = meta.features().size();
    for (int i = 0; i < n; i++) {
      float[][] f = new float[features][];
      for (int k = 0; k < features; k++) {
        f[k] =
            slice(w, meta.features().get(k).name(), meta.features().get(k).featureSize(), from + i);
      }
      float[] window =
          meta.needsWaveform()
              ? slice(w, ModelContract.INPUT_WAVEFORM, meta.segment().windowSamples(), from + i)
              : null;
      batch.add(f, window, 0);
    }
    return batch;
  }

  private static float[] slice(ParitySegments w, String name, int per, int index) {
    float[] all = w.inputs().get(name);
    if (all == null) {
      throw new IllegalArgumentException("windows lack the model input " + name);
    }
    return Arrays.copyOfRange(all, index * per, (index + 1) * per);
  }
}
