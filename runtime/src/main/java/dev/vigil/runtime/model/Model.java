package dev.vigil.runtime.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded, checked model and its ONNX Runtime session. Thread-safe: {@link #run} may be called
 * from many threads at once (each with its own {@link Batch}). Close it where it was loaded; calls
 * after {@link #close()} throw {@link IllegalStateException}.
 */
public final class Model implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Model.class.getPackageName());

  private final OrtEnvironment env;
  private final OrtSession.SessionOptions sessionOptions;
  private final OrtSession session;
  private final ModelInfo info;
  private final ModelMetadata meta;
  private final int maxBatch;
  private final String[] inputNames;
  private final long[][] inputShapes;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private Model(
      OrtEnvironment env,
      OrtSession.SessionOptions sessionOptions,
      OrtSession session,
      ModelInfo info,
      int maxBatch) {
    this.env = env;
    this.sessionOptions = sessionOptions;
    this.session = session;
    this.info = info;
    this.meta = info.metadata();
    this.maxBatch = maxBatch;
    // the front ends' inputs in order, then waveform (the batch's buffers are in that order)
    Map<String, long[]> inputs = ModelContract.expectedInputs(meta);
    inputNames = inputs.keySet().toArray(new String[0]);
    inputShapes = inputs.values().toArray(new long[0][]);
  }

  /**
   * Loads and checks a model file.
   *
   * @throws ModelException when the file cannot be read or fails a contract check (one line naming
   *     the check), or the requested device cannot be used
   */
  public static Model load(Path path, ModelOptions options) throws ModelException {
    return load(ModelFile.read(path), options);
  }

  /**
   * Loads the bundled default model (class-path resource {@value
   * ModelContract#DEFAULT_MODEL_RESOURCE}).
   *
   * @throws ModelException {@link ModelException.Check#NO_DEFAULT_MODEL} when it is not on the
   *     class path, or any load failure
   */
  public static Model loadDefault(ModelOptions options) throws ModelException {
    return load(ModelFile.bundled(), options);
  }

  /**
   * Loads and checks a model from its bytes.
   *
   * @param bytes the serialized ONNX model
   * @param source how the model is named in messages
   */
  public static Model load(byte[] bytes, String source, ModelOptions options)
      throws ModelException {
    return load(ModelFile.of(bytes, source), options);
  }

  /**
   * Starts a session on a checked model file.
   *
   * @throws ModelException when the requested device cannot be used or ONNX Runtime refuses the
   *     model
   */
  public static Model load(ModelFile file, ModelOptions options) throws ModelException {
    String source = file.name();
    byte[] bytes = file.bytes();
    OrtEnvironment env = OrtTelemetry.environment();
    int cuda = ModelOptions.cudaDevice(options.device());
    if (cuda >= 0
        && options.device().equals("auto")
        && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      // the CPU build of ONNX Runtime: there is no CUDA to fall back from, so no notice either
      cuda = -1;
    }
    String fallback = null;
    if (cuda >= 0) {
      OrtSession.SessionOptions so = baseOptions(options, source);
      try {
        so.addCUDA(cuda);
        OrtSession s = env.createSession(bytes, so);
        return new Model(env, so, s, info(file, "cuda:" + cuda, null), options.maxBatch());
      } catch (OrtException | RuntimeException | LinkageError e) {
        so.close();
        String cause =
            ModelException.oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        if (!options.device().equals("auto")) {
          throw new ModelException(
              ModelException.Check.EXECUTION_PROVIDER,
              source
                  + ": device "
                  + options.device()
                  + " requested but CUDA cannot be used: "
                  + cause
                  + " (use --device auto or cpu)",
              e);
        }
        fallback = cause;
        LOG.log(
            System.Logger.Level.INFO,
            "CUDA not available (" + cause + "); running " + source + " on CPU");
      }
    }
    OrtSession.SessionOptions so = baseOptions(options, source);
    try {
      OrtSession s = env.createSession(bytes, so);
      return new Model(env, so, s, info(file, "cpu", fallback), options.maxBatch());
    } catch (OrtException e) {
      so.close();
      throw new ModelException(
          ModelException.Check.UNREADABLE,
          source + ": ONNX Runtime refused the model: " + e.getMessage(),
          e);
    }
  }

  private static ModelInfo info(ModelFile file, String ep, String fallback) {
    return new ModelInfo(
        file.modelId(),
        file.metadata().modelVersion(),
        file.name(),
        ep,
        fallback,
        file.metadata(),
        file.size());
  }

  private static OrtSession.SessionOptions baseOptions(ModelOptions options, String source)
      throws ModelException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      String spin = options.spinWait() ? "1" : "0";
      so.addConfigEntry("session.intra_op.allow_spinning", spin);
      so.addConfigEntry("session.inter_op.allow_spinning", spin);
      // spin only while a run is going on: idle threads would take the CPU the next request's
      // decoding and features need (a service between requests)
      so.addConfigEntry("session.force_spinning_stop", "1");
      // batches come in every size from 1 to the maximum: a memory pattern planned per input shape
      // kept a block per size seen, and the resident set grew in steps through a long scan
      // (docs/decisions.md)
      so.setMemoryPatternOptimization(false);
      return so;
    } catch (OrtException e) {
      so.close();
      throw new ModelException(
          ModelException.Check.EXECUTION_PROVIDER,
          source + ": cannot set session options: " + e.getMessage(),
          e);
    }
  }

  /** What the model is and where it runs. */
  public ModelInfo info() {
    return info;
  }

  /** The parsed metadata. */
  public ModelMetadata metadata() {
    return meta;
  }

  /** The most segments one {@link #run} takes. */
  public int maxBatch() {
    return maxBatch;
  }

  /** A new batch of {@link #maxBatch()} segments for this model (allocates its direct buffers). */
  public Batch newBatch() {
    return newBatch(maxBatch);
  }

  /** A new batch of at most {@code capacity} (&lt;= {@link #maxBatch()}) segments. */
  public Batch newBatch(int capacity) {
    ensureOpen();
    if (capacity < 1 || capacity > maxBatch) {
      throw new IllegalArgumentException(
          "batch capacity must be in [1, " + maxBatch + "], got " + capacity);
    }
    return new Batch(
        this,
        meta.features(),
        meta.needsWaveform(),
        meta.segment().windowSamples(),
        capacity,
        meta.experts().size());
  }

  /**
   * Runs the batch's segments in one ONNX Runtime call and stores the outputs in the batch.
   *
   * @throws ModelException {@link ModelException.Check#INFERENCE} when ONNX Runtime fails or the
   *     outputs break the contract
   * @throws IllegalStateException after {@link #close()}
   */
  public void run(Batch batch) throws ModelException {
    if (batch.model() != this) {
      throw new IllegalArgumentException("the batch belongs to another model");
    }
    int n = batch.size();
    if (n == 0) {
      batch.lastRunNanos = 0;
      return;
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      long t0 = System.nanoTime();
      Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
      try {
        for (int i = 0; i < inputNames.length; i++) {
          FloatBuffer src =
              i < batch.featureBuffers.length ? batch.featureBuffers[i] : batch.waveformBuffer;
          long[] shape = inputShapes[i].clone();
          shape[0] = n;
          int elements = src.capacity() / batch.capacity() * n;
          FloatBuffer view = src.duplicate().position(0).limit(elements).slice();
          inputs.put(inputNames[i], OnnxTensor.createTensor(env, view, shape));
        }
        try (OrtSession.Result result = session.run(inputs)) {
          int e = batch.experts();
          copy(result, ModelContract.OUTPUT_SCORE, batch.scores, n);
          copy(result, ModelContract.OUTPUT_EXPERT_SCORES, batch.expertScores, n * e);
          copy(result, ModelContract.OUTPUT_GATE_WEIGHTS, batch.gateWeights, n * e);
        }
      } catch (OrtException e) {
        throw new ModelException(
            ModelException.Check.INFERENCE,
            info.source()
                + ": ONNX Runtime failed on a batch of "
                + n
                + " segments: "
                + e.getMessage(),
            e);
      } finally {
        for (OnnxTensor t : inputs.values()) {
          t.close();
        }
      }
      batch.lastRunNanos = System.nanoTime() - t0;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void copy(OrtSession.Result result, String name, float[] dst, int count)
      throws ModelException {
    Optional<OnnxValue> v = result.get(name);
    if (v.isEmpty() || !(v.get() instanceof OnnxTensor)) {
      throw new ModelException(
          ModelException.Check.OUTPUTS, info.source() + ": the run returned no tensor " + name);
    }
    FloatBuffer fb = ((OnnxTensor) v.get()).getFloatBuffer();
    if (fb == null || fb.remaining() != count) {
      throw new ModelException(
          ModelException.Check.OUTPUTS,
          info.source()
              + ": output "
              + name
              + " has "
              + (fb == null ? "non-float" : Integer.toString(fb.remaining()))
              + " values, expected "
              + count);
    }
    fb.get(dst, 0, count);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("model " + info.source() + " is closed");
    }
  }

  /** True after {@link #close()}. */
  public boolean isClosed() {
    return closed;
  }

  /** Releases the session; waits for runs in progress. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "closing the session of " + info.source() + ": " + e.getMessage());
      } finally {
        sessionOptions.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
