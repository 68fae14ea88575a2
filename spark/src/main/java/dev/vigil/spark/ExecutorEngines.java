package dev.vigil.spark;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.engine.DetectionEngine;
import dev.vigil.runtime.engine.EngineOptions;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelFile;
import dev.vigil.runtime.model.ModelOptions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models and engines of one executor JVM. A model is loaded once per JVM (per model id and
 * session options), however many tasks, files and settings use it; every task of the JVM that scans
 * with the same settings shares one {@link DetectionEngine}, whose inference threads batch the
 * windows of all their files, as {@code vigil scan}'s engine batches the windows of its files. An
 * engine nobody uses is closed when other settings need one; everything is closed when the JVM
 * shuts down. Thread-safe.
 */
final class ExecutorEngines {
  private ExecutorEngines() {}

  /** Reads the model file when it is not loaded yet (on the executor). */
  @FunctionalInterface
  interface ModelSource {
    ModelFile read() throws ModelException;
  }

  /** A loaded model: its id and the session options it was loaded with. */
  record ModelKey(String modelId, ModelOptions options) {}

  /** An engine: its model and the detector and engine settings over it. */
  record EngineKey(ModelKey model, DetectorOptions detector, EngineOptions engine) {}

  /** A task's use of a shared engine; closing it gives the engine back. */
  static final class Lease implements AutoCloseable {
    private final Shared shared;
    private boolean closed;

    private Lease(Shared shared) {
      this.shared = shared;
    }

    DetectionEngine engine() {
      return shared.engine;
    }

    @Override
    public void close() {
      synchronized (ExecutorEngines.class) {
        if (!closed) {
          closed = true;
          shared.users--;
        }
      }
    }
  }

  private static final class Shared {
    final Detector detector;
    final DetectionEngine engine;
    int users;

    Shared(Detector detector, DetectionEngine engine) {
      this.detector = detector;
      this.engine = engine;
    }

    void close() {
      engine.close();
      detector.close();
    }
  }

  private static final Map<ModelKey, Model> MODELS = new HashMap<>();
  private static final Map<EngineKey, Shared> ENGINES = new HashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static boolean hooked;

  /**
   * The engine for {@code key}, opened (and its model loaded) on first use in this JVM.
   *
   * @throws ModelException when the model cannot be read or loaded
   * @throws IllegalArgumentException when the settings do not fit the model
   */
  static synchronized Lease acquire(EngineKey key, ModelSource source) throws ModelException {
    Shared s = ENGINES.get(key);
    if (s == null) {
      closeIdleEngines();
      Model model = MODELS.get(key.model());
      if (model == null) {
        model = Model.load(source.read(), key.model().options());
        LOADS.incrementAndGet();
        MODELS.put(key.model(), model);
      }
      Detector d = Detector.create(model, key.detector());
      s = new Shared(d, DetectionEngine.create(d, key.engine()));
      ENGINES.put(key, s);
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(ExecutorEngines::closeAll, "vigil-spark-shutdown"));
      }
    }
    s.users++;
    return new Lease(s);
  }

  /** How many times a model was loaded in this JVM. */
  static int modelLoads() {
    return LOADS.get();
  }

  private static void closeIdleEngines() {
    for (Iterator<Shared> it = ENGINES.values().iterator(); it.hasNext(); ) {
      Shared s = it.next();
      if (s.users == 0) {
        s.close();
        it.remove();
      }
    }
  }

  /** Closes every engine and model of this JVM (at shutdown). */
  static synchronized void closeAll() {
    ENGINES.values().forEach(Shared::close);
    ENGINES.clear();
    MODELS.values().forEach(Model::close);
    MODELS.clear();
  }
}
