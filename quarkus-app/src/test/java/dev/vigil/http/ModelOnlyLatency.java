package dev.vigil.http;

import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The model-only baseline for the HTTP latency measurement (docs/http.md): the two windows of the
 * same 4 s signal the load script posts, features computed once, then only {@code Model.run} on a
 * batch of two, timed. Not a test; run it with the test class path:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:RUNTIME_CLASSPATH" \
 *   dev.vigil.http.ModelOnlyLatency MODEL.onnx [RUNS] [WAV_OUT]
 * </pre>
 *
 * With {@code WAV_OUT} it also writes that 4 s WAV, the body the load script posts.
 */
public final class ModelOnlyLatency {
  private ModelOnlyLatency() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ModelOnlyLatency MODEL.onnx [RUNS] [WAV_OUT]");
      System.exit(2);
    }
    Path modelFile = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    if (args.length > 2) {
      Files.write(Path.of(args[2]), WarmupAudio.wav(16000, BodyWindows.audio()));
    }
    try (Model model = Model.load(modelFile, new ModelOptions("cpu", 0, 2))) {
      BodyWindows body = new BodyWindows(model.metadata());
      Batch batch = model.newBatch(2);
      double[] millis = new double[runs];
      for (int i = -50; i < runs; i++) { // 50 warm-up runs
        long t0 = System.nanoTime();
        body.runBoth(batch);
        if (i >= 0) {
          millis[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      Arrays.sort(millis);
      System.out.printf(
          Locale.ROOT,
          "model-only (batch of 2 windows, features precomputed), %d runs: p50 %.2f ms, p99 %.2f"
              + " ms, max %.2f ms%n",
          runs,
          millis[(int) Math.floor(0.50 * (runs - 1))],
          millis[(int) Math.floor(0.99 * (runs - 1))],
          millis[runs - 1]);
    }
  }
}
