package dev.vigil.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.DetectionMetrics;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.augment.AugmentCounts;
import dev.vigil.trainer.augment.Augmenter;
import dev.vigil.trainer.augment.NoiseBank;
import dev.vigil.trainer.batch.BatchMaker;
import dev.vigil.trainer.batch.BatchSpec;
import dev.vigil.trainer.batch.Prefetcher;
import dev.vigil.trainer.batch.TrainBatch;
import dev.vigil.trainer.data.Clip;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trains one stage (one expert, or a mixture) with AdamW, the cosine schedule, class-balanced
 * prefetched batches, validation loss per epoch, early stopping, a checkpoint every epoch ({@code
 * last/}), the best one by validation loss ({@code best/}), resume from {@code last/}, and a
 * wall-clock deadline that pauses the run cleanly. The stage folder also holds {@code
 * metrics.jsonl} (one JSON object per epoch).
 */
public final class StageTrainer {
  /** Parameters, optimizer and state file names inside {@code last/} and {@code best/}. */
  static final String PARAMS = "parameters.params";

  static final String OPTIMIZER = "optimizer.bin";
  static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One stage to train.
   *
   * @param name for progress lines, e.g. {@code expert lcnn_logmel}
   * @param net the initialized network (experts pre-loaded for a stage two)
   * @param smoothing label smoothing (experts 0.2; mixture NLL 0)
   * @param train training clips
   * @param val validation clips
   * @param dir the stage folder
   * @param epochs the most epochs
   * @param domainBalance α of the batches (see {@link BatchMaker})
   */
  public record Stage(
      String name,
      MixtureNet net,
      double smoothing,
      List<Clip> train,
      List<Clip> val,
      Path dir,
      int epochs,
      double domainBalance) {}

  /**
   * How a stage ended.
   *
   * @param state the final state ({@code finished} false when the deadline paused it)
   * @param secondsPerStep mean wall time per training step
   * @param dataWaitShare share of step time spent waiting for batches
   */
  public record Outcome(RunState state, double secondsPerStep, double dataWaitShare) {}

  private final Recipe recipe;
  private final AudioCache cache;
  private final NoiseBank noise;
  private final long deadlineNanos;
  private final PrintStream log;
  private final Set<Path> bad = BatchMaker.newBadSet();

  /**
   * @param recipe hyper-parameters
   * @param cache decoded audio
   * @param noise noise clips for augmentation, or null
   * @param deadlineNanos {@link System#nanoTime()} at which to pause, or {@link Long#MAX_VALUE}
   * @param log where progress goes (stderr)
   */
  public StageTrainer(
      Recipe recipe, AudioCache cache, NoiseBank noise, long deadlineNanos, PrintStream log) {
    this.recipe = recipe;
    this.cache = cache;
    this.noise = noise;
    this.deadlineNanos = deadlineNanos;
    this.log = log;
  }

  /** Files that failed to decode so far. */
  public Set<Path> badFiles() {
    return Set.copyOf(bad);
  }

  /**
   * Runs (or resumes, or skips when finished) a stage, then loads its best parameters into the
   * network.
   *
   * @throws IOException when data or checkpoints cannot be read or written
   */
  public Outcome run(Stage s, NDManager manager) throws IOException, InterruptedException {
    MixtureNet net = s.net();
    Path last = s.dir().resolve("last");
    Path best = s.dir().resolve("best");
    Files.createDirectories(last);
    Files.createDirectories(best);
    RunState st = RunState.start();
    try (AdamW opt = new AdamW(manager, recipe.weightDecay())) {
      if (Files.isRegularFile(last.resolve(STATE))) {
        st = RunState.load(last.resolve(STATE));
        loadParams(net, manager, last.resolve(PARAMS));
        if (Files.isRegularFile(last.resolve(OPTIMIZER))) {
          opt.load(last.resolve(OPTIMIZER));
        }
        if (st.finished() && "max_epochs".equals(st.stopReason()) && st.epoch() < s.epochs()) {
          st =
              new RunState(
                  st.epoch(),
                  0,
                  st.bestValLoss(),
                  st.bestEpoch(),
                  st.badEpochs(),
                  0,
                  st.trainNanos(),
                  st.waitNanos(),
                  st.steps(),
                  st.augmentations(),
                  false,
                  "");
        }
        if (!st.finished()) {
          log.printf(
              Locale.ROOT,
              "%s: resuming at epoch %d step %d%n",
              s.name(),
              st.epoch() + 1,
              st.step());
        }
      }
      List<Pair<String, Parameter>> params = trainable(net);
      if (!st.finished()) {
        st = loop(s, manager, params, opt, st, last, best);
      }
    }
    if (Files.isRegularFile(best.resolve(PARAMS))) {
      loadParams(net, manager, best.resolve(PARAMS));
    }
    double sps = st.steps() == 0 ? Double.NaN : st.trainNanos() / 1e9 / st.steps();
    double wait = st.trainNanos() == 0 ? Double.NaN : st.waitNanos() / (double) st.trainNanos();
    return new Outcome(st, sps, wait);
  }

  /**
   * The parameters that train, with gradients attached: every parameter that requires a gradient
   * and is not a BatchNorm running statistic (frozen experts' parameters are left out). Call it
   * after any parameter load, which replaces the arrays.
   */
  public static List<Pair<String, Parameter>> trainable(MixtureNet net) {
    List<Pair<String, Parameter>> out = new java.util.ArrayList<>();
    for (Pair<String, Parameter> p : net.getParameters()) {
      Parameter q = p.getValue();
      boolean stat =
          q.getType() == Parameter.Type.RUNNING_MEAN || q.getType() == Parameter.Type.RUNNING_VAR;
      if (stat) {
        q.getArray().setRequiresGradient(false);
      } else if (q.requiresGradient()) {
        q.getArray().setRequiresGradient(true);
        out.add(p);
      }
    }
    return out;
  }

  private RunState loop(
      Stage s,
      NDManager manager,
      List<Pair<String, Parameter>> params,
      AdamW opt,
      RunState st,
      Path last,
      Path best)
      throws IOException, InterruptedException {
    MixtureNet net = s.net();
    MixtureSpec spec = net.spec();
    int w = spec.features().get(0).windowSamples();
    BatchSpec bs =
        new BatchSpec(
            spec.features(),
            spec.inputNames().contains(MixtureSpec.WAVEFORM),
            recipe.batchSize(),
            w);
    int steps =
        recipe.stepsPerEpoch() > 0
            ? recipe.stepsPerEpoch()
            : Math.max(1, s.train().size() / recipe.batchSize());
    int valBatches =
        recipe.valBatches() > 0
            ? recipe.valBatches()
            : Math.max(1, s.val().size() / recipe.batchSize());
    CosineSchedule cos = new CosineSchedule(recipe.lr(), recipe.etaMin(), recipe.tMax());
    AugmentCounts counts = new AugmentCounts();
    counts.addAll(st.augmentations());
    ParameterStore ps = new ParameterStore(manager, false);
    long trainNanos = st.trainNanos();
    long waitNanos = st.waitNanos();
    long totalSteps = st.steps();
    for (int epoch = st.epoch(); epoch < s.epochs(); epoch++) {
      int first = epoch == st.epoch() ? st.step() : 0;
      double lossSum = epoch == st.epoch() ? st.epochLossSum() : 0;
      Engine.getInstance().setRandomSeed((int) (recipe.seed() + 7919L * epoch + first));
      Progress progress =
          new Progress(log, s.name() + " epoch " + (epoch + 1) + "/" + s.epochs(), steps, 10_000);
      long epochStart = System.nanoTime();
      try (Prefetcher pf =
          new Prefetcher(
              () ->
                  new BatchMaker(
                      bs,
                      s.train(),
                      cache,
                      new Augmenter(recipe.augment(), noise, counts),
                      bad,
                      s.domainBalance()),
              recipe.workers(),
              recipe.prefetch(),
              recipe.seed(),
              epoch,
              first,
              steps)) {
        for (int k = first; k < steps; k++) {
          if (System.nanoTime() >= deadlineNanos) {
            RunState paused =
                new RunState(
                    epoch,
                    k,
                    st.bestValLoss(),
                    st.bestEpoch(),
                    st.badEpochs(),
                    lossSum,
                    trainNanos,
                    waitNanos,
                    totalSteps,
                    counts.snapshot(),
                    false,
                    "budget");
            saveLast(net, opt, paused, last);
            log.printf(
                Locale.ROOT,
                "%s: wall-clock budget reached at epoch %d step %d; "
                    + "checkpoint saved, run again to resume%n",
                s.name(),
                epoch + 1,
                k);
            return paused;
          }
          long t0 = System.nanoTime();
          long w0 = pf.waitNanos();
          TrainBatch b = pf.next();
          double lr =
              "step".equals(recipe.schedule()) ? cos.at((double) epoch * steps + k) : cos.at(epoch);
          lossSum += trainStep(net, ps, params, opt, b, manager, s.smoothing(), lr);
          trainNanos += System.nanoTime() - t0;
          waitNanos += pf.waitNanos() - w0;
          totalSteps++;
          progress.update(
              k + 1 - first, String.format(Locale.ROOT, "loss %.4f", lossSum / (k + 1)));
        }
      }
      double trainLoss = lossSum / steps;
      double[] val = validate(s, bs, valBatches, manager, ps);
      double lr = cos.at(epoch);
      boolean improved = val[0] < st.bestValLoss();
      int bestEpoch = improved ? epoch : st.bestEpoch();
      double bestLoss = improved ? val[0] : st.bestValLoss();
      int badEpochs = improved ? 0 : st.badEpochs() + 1;
      if (improved) {
        saveParams(net, best.resolve(PARAMS));
      }
      boolean stop = badEpochs >= recipe.patience() || epoch + 1 >= s.epochs();
      String reason =
          badEpochs >= recipe.patience()
              ? "early_stopping"
              : epoch + 1 >= s.epochs() ? "max_epochs" : "";
      st =
          new RunState(
              epoch + 1,
              0,
              bestLoss,
              bestEpoch,
              badEpochs,
              0,
              trainNanos,
              waitNanos,
              totalSteps,
              counts.snapshot(),
              stop,
              reason);
      saveLast(net, opt, st, last);
      ObjectNode line = JSON.createObjectNode();
      line.put("stage", s.name());
      line.put("epoch", epoch + 1);
      line.put("train_loss", trainLoss);
      line.put("val_loss", val[0]);
      putFinite(line, "val_segment_eer", val[1]);
      putFinite(line, "val_segment_auc", val[2]);
      line.put("lr", "step".equals(recipe.schedule()) ? cos.at((double) (epoch + 1) * steps) : lr);
      line.put("seconds", (System.nanoTime() - epochStart) / 1e9);
      line.put("data_wait_share", trainNanos == 0 ? 0 : waitNanos / (double) trainNanos);
      line.put("best_epoch", bestEpoch + 1);
      Files.writeString(
          s.dir().resolve("metrics.jsonl"),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      log.printf(
          Locale.ROOT,
          "%s epoch %d: train loss %.4f, val loss %.4f, segment EER %.2f%%%s%n",
          s.name(),
          epoch + 1,
          trainLoss,
          val[0],
          100 * val[1],
          improved ? " (best)" : "");
      if (stop) {
        break;
      }
    }
    return st;
  }

  private static void putFinite(ObjectNode o, String k, double v) {
    if (Double.isFinite(v)) {
      o.put(k, v);
    } else {
      o.putNull(k);
    }
  }

  /** One training step: forward, loss, backward, AdamW update; returns the loss. */
  public static double trainStep(
      MixtureNet net,
      ParameterStore ps,
      List<Pair<String, Parameter>> params,
      AdamW opt,
      TrainBatch b,
      NDManager manager,
      double smoothing,
      double lr) {
    try (NDManager sub = manager.newSubManager()) {
      NDList inputs = inputs(b, net.spec(), sub);
      NDArray labels = sub.create(toFloat(b.labels()));
      float loss;
      AdamW.zeroGradients(params);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = net.forward(ps, inputs, true);
        NDArray l = Losses.smoothedNll(out.get(3), labels, smoothing);
        gc.backward(l);
        loss = l.getFloat();
      }
      opt.update(params, lr);
      return loss;
    }
  }

  /** Validation: [mean loss, segment EER, segment AUC] over fixed, seeded balanced batches. */
  private double[] validate(
      Stage s, BatchSpec bs, int batches, NDManager manager, ParameterStore ps)
      throws IOException, InterruptedException {
    double sum = 0;
    int n = bs.batchSize();
    double[] scores = new double[batches * n];
    boolean[] spoof = new boolean[batches * n];
    try (Prefetcher pf =
        new Prefetcher(
            () -> new BatchMaker(bs, s.val(), cache, null, bad),
            recipe.workers(),
            recipe.prefetch(),
            recipe.seed() ^ 0x5EEDL,
            0,
            0,
            batches)) {
      for (int k = 0; k < batches; k++) {
        TrainBatch b = pf.next();
        try (NDManager sub = manager.newSubManager()) {
          NDList out = s.net().forward(ps, inputs(b, s.net().spec(), sub), false);
          NDArray labels = sub.create(toFloat(b.labels()));
          sum += Losses.smoothedNll(out.get(3), labels, s.smoothing()).getFloat();
          float[] sc = out.get(0).toFloatArray();
          for (int i = 0; i < n; i++) {
            scores[k * n + i] = sc[i];
            spoof[k * n + i] = b.labels()[i] == 1;
          }
        }
      }
    }
    double eer = Double.NaN;
    double auc = Double.NaN;
    try {
      eer = DetectionMetrics.eer(scores, spoof).eer();
      auc = DetectionMetrics.auc(scores, spoof);
    } catch (IllegalArgumentException e) {
      log.println(s.name() + ": validation scores not finite (" + e.getMessage() + ")");
    }
    return new double[] {sum / batches, eer, auc};
  }

  /** The network inputs of a batch, in {@link MixtureSpec#inputNames()} order. */
  public static NDList inputs(TrainBatch b, MixtureSpec spec, NDManager m) {
    NDList list = new NDList();
    List<String> names = spec.inputNames();
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      long[] one = spec.inputShape(name);
      long[] shape = new long[one.length + 1];
      shape[0] = b.size();
      System.arraycopy(one, 0, shape, 1, one.length);
      float[] data = MixtureSpec.WAVEFORM.equals(name) ? b.waveform() : b.features().get(k);
      list.add(m.create(data, new Shape(shape)));
    }
    return list;
  }

  private static float[] toFloat(int[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = a[i];
    }
    return f;
  }

  private static void saveLast(MixtureNet net, AdamW opt, RunState st, Path last)
      throws IOException {
    saveParams(net, last.resolve(PARAMS));
    opt.save(last.resolve(OPTIMIZER));
    st.save(last.resolve(STATE));
  }

  /** Writes a network's parameters atomically. */
  public static void saveParams(MixtureNet net, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      net.saveParameters(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads parameters written by {@link #saveParams}. */
  public static void loadParams(MixtureNet net, NDManager manager, Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      net.loadParameters(manager, in);
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException(file + ": parameters do not fit this network: " + e.getMessage(), e);
    }
  }
}
