package dev.vigil.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.metrics.EvaluationReport;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.ClipLoader;
import dev.vigil.trainer.augment.NoiseBank;
import dev.vigil.trainer.checkpoint.Checkpoint;
import dev.vigil.trainer.checkpoint.TrainingSummary;
import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.data.DataSources;
import dev.vigil.trainer.data.DataSpec;
import dev.vigil.trainer.data.Splits;
import dev.vigil.trainer.eval.CalibrationFit;
import dev.vigil.trainer.eval.DjlFileScorer;
import dev.vigil.trainer.eval.EvalReport;
import dev.vigil.trainer.eval.FileScore;
import dev.vigil.trainer.eval.OperatingPoints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a recipe end to end in a run folder: stage one trains every expert ({@code experts/<name>/},
 * MELE on its own domain, MILE on the pooled data), stage two trains the gate ({@code mixture/}),
 * and the result is finalised ({@code model/}): whole validation files scored as the runtime scores
 * them, calibration and operating points fitted on those file scores, the checkpoint written with
 * thresholds, calibration, provenance, metrics and parity segments. Every stage resumes from its
 * last checkpoint; finished stages are skipped.
 */
public final class RecipeRunner {
  /** What to run. */
  public enum Mode {
    /** Experts, then the gate (or the lone expert for recipe {@code single}), then finalise. */
    ALL,
    /** Stage one only. */
    EXPERTS,
    /** Stage two (experts must be trained in the run folder), then finalise. */
    MIXTURE
  }

  /**
   * The outcome.
   *
   * @param modelDir the final checkpoint folder, or null when not reached
   * @param paused true when the wall-clock budget stopped the run (run again to resume)
   * @param summary training statistics and validation metrics
   */
  public record Result(Path modelDir, boolean paused, ObjectNode summary) {}

  private final Recipe recipe;
  private final Path runDir;
  private final Path baseDir;
  private final ClipLoader loader;
  private final PrintStream log;
  private final ObjectNode stats = JsonNodeFactory.instance.objectNode();
  private final Map<String, Long> augmentations = new TreeMap<>();

  /**
   * @param recipe the recipe
   * @param runDir the run folder (created)
   * @param baseDir folder that relative data paths are resolved against
   * @param loader decodes clips to 16 kHz mono
   * @param log progress (stderr)
   */
  public RecipeRunner(
      Recipe recipe, Path runDir, Path baseDir, ClipLoader loader, PrintStream log) {
    this.recipe = recipe;
    this.runDir = runDir;
    this.baseDir = baseDir;
    this.loader = loader;
    this.log = log;
  }

  /** Reads every data source of the recipe, reporting skipped files on the log. */
  public DataSet readData() throws IOException {
    List<DataSet> parts = new ArrayList<>();
    for (DataSpec d : recipe.data()) {
      DataSet ds = DataSources.read(d, baseDir);
      if (!ds.problems().isEmpty()) {
        log.printf(
            "%s: %d files skipped (first: %s)%n",
            ds.name(), ds.problems().size(), ds.problems().get(0));
      }
      parts.add(ds);
    }
    return DataSet.union("data", parts);
  }

  /**
   * Runs.
   *
   * @throws IOException on data, checkpoint or I/O problems (one-line messages)
   * @throws IllegalArgumentException on recipe/data mismatches (e.g. an empty split)
   */
  public Result run(Mode mode) throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve("recipe.json"), recipe.toJson());
    DataSet data = readData();
    List<Clip> train = data.split(recipe.trainSplit()).clips();
    List<Clip> val = data.split(recipe.valSplit()).clips();
    requireBoth(train, "training split '" + recipe.trainSplit() + "'");
    requireBoth(val, "validation split '" + recipe.valSplit() + "'");
    List<Clip> stageOne = train;
    List<Clip> stageTwo = train;
    if ("holdout".equals(recipe.stageTwoSplit())) {
      double f = recipe.holdoutFraction();
      List<Clip> parts =
          Splits.byGroup(train, holdoutKey(), new double[] {1 - f, f, 0}, recipe.seed());
      stageOne = parts.stream().filter(c -> c.split().equals("train")).toList();
      stageTwo = parts.stream().filter(c -> c.split().equals("dev")).toList();
      requireBoth(stageOne, "stage-one part of the hold-out split");
      requireBoth(stageTwo, "stage-two hold-out part");
    }
    long deadline =
        recipe.budgetMinutes() > 0
            ? System.nanoTime() + (long) (recipe.budgetMinutes() * 60e9)
            : Long.MAX_VALUE;
    AudioCache cache = new AudioCache((long) recipe.cacheMb() << 20, loader);
    NoiseBank noise =
        recipe.augment().noise() > 0 && recipe.augment().noiseDir() != null
            ? NoiseBank.load(baseDir.resolve(recipe.augment().noiseDir()), cache)
            : null;
    StageTrainer trainer = new StageTrainer(recipe, cache, noise, deadline, log);
    List<ExpertSpec> experts = new ArrayList<>();
    for (ExpertRecipe e : recipe.experts()) {
      experts.add(e.toSpec(recipe.windowSamples()));
    }
    ArrayNode stages = stats.putArray("stages");
    try (NDManager manager = NDManager.newBaseManager()) {
      if (mode != Mode.MIXTURE) {
        for (int i = 0; i < experts.size(); i++) {
          ExpertRecipe er = recipe.experts().get(i);
          List<Clip> tr = byDomain(stageOne, er);
          List<Clip> va = byDomain(val, er);
          if (va.stream().noneMatch(Clip::isSpoof) || va.stream().allMatch(Clip::isSpoof)) {
            va = val;
          }
          requireBoth(tr, "training data of expert " + er.name());
          Path dir = runDir.resolve("experts").resolve(er.name());
          try (NDManager m = manager.newSubManager()) {
            MixtureNet net = newNet(MixtureSpec.single(experts.get(i)), m);
            StageTrainer.Outcome o =
                trainer.run(
                    new StageTrainer.Stage(
                        "expert " + er.name(),
                        net,
                        recipe.labelSmoothing(),
                        tr,
                        va,
                        dir,
                        recipe.epochs(),
                        recipe.domainBalance()),
                    m);
            record(stages, "expert " + er.name(), o, tr.size());
            if (!o.state().finished()) {
              return paused(trainer);
            }
            if (!Files.isDirectory(dir.resolve("checkpoint"))) {
              Checkpoint.saveExpert(
                  dir.resolve("checkpoint"),
                  net.expert(0),
                  TrainingSummary.unfitted(0.5, provenance(data)),
                  dev.vigil.trainer.checkpoint.ParitySegments.none());
            }
          }
        }
        if (mode == Mode.EXPERTS) {
          return new Result(null, false, summary(trainer));
        }
      }
      MixtureSpec spec;
      MixtureNet net;
      if ("single".equals(recipe.recipe())) {
        if (experts.size() != 1) {
          throw new IllegalArgumentException(
              "recipe single takes exactly one expert, got " + experts.size());
        }
        spec = MixtureSpec.single(experts.get(0));
        net = newNet(spec, manager);
        loadExpert(net, 0, runDir.resolve("experts").resolve(experts.get(0).name()), manager);
      } else {
        spec =
            new MixtureSpec(
                experts, new GateSpec(recipe.gate(), recipe.gateConfig()), Calibration.none());
        net = newNet(spec, manager);
        for (int i = 0; i < experts.size(); i++) {
          loadExpert(net, i, runDir.resolve("experts").resolve(experts.get(i).name()), manager);
        }
        if ("frozen".equals(recipe.stageTwo())) {
          net.setExpertsFrozen(true);
        }
        StageTrainer.Outcome o =
            trainer.run(
                new StageTrainer.Stage(
                    "mixture " + recipe.gate(),
                    net,
                    0.0,
                    stageTwo,
                    val,
                    runDir.resolve("mixture"),
                    recipe.stageTwoEpochsOrDefault(),
                    recipe.stageTwoDomainBalanceOrDefault()),
                manager);
        record(stages, "mixture " + recipe.gate(), o, stageTwo.size());
        if (!o.state().finished()) {
          return paused(trainer);
        }
      }
      Path model = finish(spec, net, val, cache, data, manager, trainer);
      return new Result(model, false, summary(trainer));
    }
  }

  private Path finish(
      MixtureSpec spec,
      MixtureNet net,
      List<Clip> val,
      AudioCache cache,
      DataSet data,
      NDManager manager,
      StageTrainer trainer)
      throws IOException {
    log.printf("scoring %d validation files as the runtime does...%n", val.size());
    DjlFileScorer scorer =
        new DjlFileScorer(
            net, DjlFileScorer.segmentConfig(recipe.windowSamples()), 16, recipe.paritySegments());
    List<FileScore> scores = scorer.score(val, cache, manager);
    if (!scorer.problems().isEmpty()) {
      log.printf(
          "%d validation files not scored (first: %s)%n",
          scorer.problems().size(), scorer.problems().get(0));
    }
    requireBoth(scores.stream().map(FileScore::clip).toList(), "scored validation files");
    double[] x = new double[scores.size()];
    boolean[] y = new boolean[scores.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = Aggregation.logit(scores.get(i).score());
      y[i] = scores.get(i).clip().isSpoof();
    }
    Calibration cal = CalibrationFit.fit(recipe.calibration(), x, y);
    double[] calibrated = new double[x.length];
    List<FileScore> calScores = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      calibrated[i] = Aggregation.sigmoid(cal.a() * x[i] + cal.b());
      FileScore f = scores.get(i);
      calScores.add(
          new FileScore(
              f.clip(),
              calibrated[i],
              Aggregation.sigmoid(cal.a() * Aggregation.logit(f.maxSegmentScore()) + cal.b()),
              f.segmentLogits(),
              f.expertScores(),
              f.gateWeights(),
              f.uniformScore(),
              f.expertFileScores()));
    }
    OperatingPoints op = OperatingPoints.fit(calibrated, y, recipe.defaultOperatingPoint());
    EvaluationReport.Metrics m = EvaluationReport.Metrics.of(calibrated, y, op.defaultThreshold());
    ObjectNode metrics = JsonNodeFactory.instance.objectNode();
    ObjectNode v = metrics.putObject("validation");
    v.put("eer", m.eer());
    v.put("auc", m.auc());
    v.put("balanced_accuracy", m.confusion().balancedAccuracy());
    v.put("files", x.length);
    v.put("log_loss_before_calibration", CalibrationFit.logLoss(x, y, 1, 0));
    v.put("log_loss_after_calibration", CalibrationFit.logLoss(x, y, cal.a(), cal.b()));
    metrics.set("training", stats.deepCopy());
    ObjectNode prov = provenance(data);
    prov.set("augmentations", JsonNodeFactory.instance.pojoNode(Map.copyOf(augmentations)));
    TrainingSummary summary = new TrainingSummary(op.toJson(), prov, metrics);
    MixtureSpec finalSpec = spec.withCalibration(cal);
    MixtureNet finalNet = newNet(finalSpec, manager);
    copyParams(net, finalNet, manager);
    Path model = runDir.resolve("model");
    Checkpoint.save(model, finalNet, finalSpec, summary, scorer.paritySegments());
    List<String> names = finalSpec.experts().stream().map(ExpertSpec::name).toList();
    ObjectNode report = EvalReport.build(calScores, op.defaultThreshold(), names);
    Files.writeString(model.resolve("validation-report.json"), report.toPrettyString());
    Files.writeString(model.resolve("validation-report.txt"), EvalReport.table(report));
    stats.set("validation", v);
    stats.set("thresholds", op.toJson());
    stats.set("calibration", JsonNodeFactory.instance.pojoNode(cal));
    log.printf("model written to %s%n%s", model, EvalReport.table(report));
    return model;
  }

  private MixtureNet newNet(MixtureSpec spec, NDManager m) {
    Engine.getInstance().setRandomSeed((int) recipe.seed());
    MixtureNet net = Architectures.mixture(spec);
    net.initialize(m, DataType.FLOAT32, net.inputShapes(recipe.batchSize()));
    return net;
  }

  private static void loadExpert(MixtureNet net, int i, Path expertDir, NDManager m)
      throws IOException {
    Path ckpt = expertDir.resolve("checkpoint");
    if (!Files.isDirectory(ckpt)) {
      throw new IOException(
          expertDir + ": expert not trained yet (no checkpoint/); run" + " train-expert first");
    }
    try (NDManager sub = m.newSubManager()) {
      Checkpoint c = Checkpoint.load(ckpt, sub);
      if (!c.spec().experts().get(0).equals(net.spec().experts().get(i))) {
        throw new IOException(
            ckpt
                + ": expert spec differs from the recipe's expert "
                + net.spec().experts().get(i).name());
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      c.net().expert(0).saveParameters(new DataOutputStream(bytes));
      net.expert(i)
          .loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException(ckpt + ": " + e.getMessage(), e);
    }
  }

  private static void copyParams(MixtureNet from, MixtureNet to, NDManager m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    from.saveParameters(new DataOutputStream(bytes));
    try {
      to.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("cannot copy parameters: " + e.getMessage(), e);
    }
  }

  private List<Clip> byDomain(List<Clip> clips, ExpertRecipe e) {
    boolean mele = "mele".equals(recipe.recipe());
    if (mele && (e.domain() == null || e.domain().isEmpty())) {
      throw new IllegalArgumentException(
          "recipe mele needs a domain for expert " + e.name() + " (one expert per domain)");
    }
    if (e.domain() == null || e.domain().isEmpty()) {
      return clips;
    }
    return clips.stream().filter(c -> c.domain().equals(e.domain())).toList();
  }

  private Function<Clip, String> holdoutKey() {
    return switch (recipe.holdoutBy()) {
      case "speaker" -> Clip::speaker;
      case "system" -> Clip::system;
      case "origin" -> c -> c.origin().isEmpty() ? c.speaker() : c.origin();
      default ->
          throw new IllegalArgumentException(
              "holdout_by must be origin, speaker or system; got " + recipe.holdoutBy());
    };
  }

  private void record(ArrayNode stages, String name, StageTrainer.Outcome o, int clips) {
    ObjectNode s = stages.addObject();
    s.put("stage", name);
    s.put("clips", clips);
    s.put("epochs", o.state().epoch());
    s.put("best_epoch", o.state().bestEpoch() + 1);
    s.put("best_val_loss", o.state().bestValLoss());
    s.put("steps", o.state().steps());
    if (Double.isFinite(o.secondsPerStep())) {
      s.put("seconds_per_step", o.secondsPerStep());
      s.put("data_wait_share", o.dataWaitShare());
    }
    s.put("stop_reason", o.state().stopReason());
    o.state().augmentations().forEach((k, n) -> augmentations.merge(k, n, Long::sum));
  }

  private Result paused(StageTrainer trainer) {
    return new Result(null, true, summary(trainer));
  }

  private ObjectNode summary(StageTrainer trainer) {
    ObjectNode s = stats.deepCopy();
    s.put("bad_files", trainer.badFiles().size());
    return s;
  }

  private ObjectNode provenance(DataSet data) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("model_name", recipe.name());
    p.put("model_version", recipe.version());
    ArrayNode d = p.putArray("data");
    Map<String, List<Clip>> byName = new TreeMap<>();
    for (Clip c : data.clips()) {
      byName.computeIfAbsent(c.dataset(), k -> new ArrayList<>()).add(c);
    }
    byName.forEach(
        (name, clips) -> {
          ObjectNode o = d.addObject();
          o.put("name", name);
          o.put("bonafide", clips.stream().filter(c -> c.label() == Label.BONAFIDE).count());
          o.put("spoof", clips.stream().filter(Clip::isSpoof).count());
          Set<String> lic = new LinkedHashSet<>();
          clips.forEach(
              c -> {
                if (!c.license().isEmpty()) {
                  lic.add(c.license());
                }
              });
          ArrayNode l = o.putArray("licenses");
          lic.stream().sorted().forEach(l::add);
        });
    p.set("recipe", recipe.toTree());
    p.put("commit", commit());
    p.put("date", Instant.now().toString());
    return p;
  }

  private static String commit() {
    String env = System.getenv("VIGIL_COMMIT");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    String pkg = RecipeRunner.class.getPackage().getImplementationVersion();
    return pkg == null ? "unknown" : "version " + pkg;
  }

  private static void requireBoth(List<Clip> clips, String what) {
    long s = clips.stream().filter(Clip::isSpoof).count();
    if (s == 0 || s == clips.size()) {
      throw new IllegalArgumentException(
          what
              + " needs both bona fide and spoof clips; has "
              + (clips.size() - s)
              + " bona fide and "
              + s
              + " spoof");
    }
  }
}
