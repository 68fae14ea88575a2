package dev.vigil.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.trainer.arch.Architectures;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.batch.BatchMaker;
import dev.vigil.trainer.batch.BatchSpec;
import dev.vigil.trainer.batch.Prefetcher;
import dev.vigil.trainer.batch.TrainBatch;
import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DemoData;
import dev.vigil.trainer.data.ManifestReader;
import dev.vigil.trainer.train.AdamW;
import dev.vigil.trainer.train.ExpertRecipe;
import dev.vigil.trainer.train.StageTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil-train bench-step}: seconds per training step and the share spent waiting. */
@Command(
    name = "bench-step",
    mixinStandardHelpOptions = true,
    description =
        "Measures seconds per training step (forward, backward, AdamW) and the share of step time"
            + " spent waiting for batches, per expert type, on real decoded clips.")
final class BenchStepCommand implements Callable<Integer> {
  @Option(
      names = "--expert",
      paramLabel = "ARCH:FEATURE[:WIDTH]",
      description = "Expert to time, repeatable (default lcnn:logmel, resnet18:loglinear:16).")
  List<String> experts = new ArrayList<>();

  @Option(names = "--batch", defaultValue = "64", description = "Batch size (default 64).")
  int batch;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default 5).")
  int steps;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed first steps.")
  int warmup;

  @Option(names = "--workers", defaultValue = "2", description = "Batch worker threads.")
  int workers;

  @Option(names = "--cache-mb", defaultValue = "2048", description = "Decoded-audio cache, MiB.")
  int cacheMb;

  @Option(names = "--manifest", description = "Clips to use (default: generated demo clips).")
  Path manifest;

  @Override
  public Integer call() throws Exception {
    if (experts.isEmpty()) {
      experts = List.of("lcnn:logmel", "resnet18:loglinear:16");
    }
    Path m = manifest;
    if (m == null) {
      m = DemoData.write(Files.createTempDirectory("vigil-bench"), 48, 1);
    }
    List<Clip> clips = ManifestReader.read(m, "bench").clips();
    AudioCache cache =
        new AudioCache((long) cacheMb << 20, ClipAudio.loader(DecodeOptions.defaults()));
    System.out.printf(
        Locale.ROOT,
        "%-24s %10s %6s %10s %10s %10s %10s%n",
        "expert",
        "params",
        "batch",
        "s/step",
        "min",
        "max",
        "wait%");
    for (String e : experts) {
      String[] p = e.split(":");
      if (p.length < 2) {
        throw new IllegalArgumentException("--expert takes ARCH:FEATURE[:WIDTH], got " + e);
      }
      Map<String, Object> cfg = p.length > 2 ? Map.of("width", Integer.parseInt(p[2])) : null;
      ExpertSpec spec = new ExpertRecipe(p[0] + "_" + p[1], p[0], p[1], cfg, null).toSpec(48000);
      time(e, MixtureSpec.single(spec), clips, cache);
    }
    return 0;
  }

  private void time(String name, MixtureSpec spec, List<Clip> clips, AudioCache cache)
      throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        AdamW opt = new AdamW(m, 1e-4)) {
      Engine.getInstance().setRandomSeed(1234);
      MixtureNet net = Architectures.mixture(spec);
      net.initialize(m, DataType.FLOAT32, net.inputShapes(batch));
      List<Pair<String, Parameter>> params = StageTrainer.trainable(net);
      BatchSpec bs = new BatchSpec(spec.features(), false, batch, 48000);
      ParameterStore ps = new ParameterStore(m, false);
      double sum = 0;
      double min = Double.MAX_VALUE;
      double max = 0;
      long wait = 0;
      try (Prefetcher pf =
          new Prefetcher(
              () -> new BatchMaker(bs, clips, cache, null, BatchMaker.newBadSet()),
              workers,
              4,
              1234,
              0,
              0,
              warmup + steps)) {
        for (int k = 0; k < warmup + steps; k++) {
          long t0 = System.nanoTime();
          long w0 = pf.waitNanos();
          TrainBatch b = pf.next();
          StageTrainer.trainStep(net, ps, params, opt, b, m, 0.2, 1e-4);
          double s = (System.nanoTime() - t0) / 1e9;
          if (k >= warmup) {
            sum += s;
            min = Math.min(min, s);
            max = Math.max(max, s);
            wait += pf.waitNanos() - w0;
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-24s %10d %6d %10.3f %10.3f %10.3f %9.1f%%%n",
          name,
          Architectures.parameterCount(net.expert(0)),
          batch,
          sum / steps,
          min,
          max,
          100 * wait / 1e9 / sum);
    }
  }
}
