package dev.vigil.trainer.eval;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.segment.SegmentConfig;
import dev.vigil.runtime.segment.Segmenter;
import dev.vigil.runtime.verdict.Aggregation;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.checkpoint.ParitySegments;
import dev.vigil.trainer.data.Clip;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores whole files through a DJL mixture exactly as the runtime does: the runtime's {@link
 * Segmenter} cuts windows (3 s, hop 1.5 s, last window end-aligned, short files tiled, silent
 * windows flagged), each window's features come from that window alone, and {@link Aggregation}
 * makes the file score from the non-silent windows' log-odds. Not thread-safe.
 */
public final class DjlFileScorer {
  private final MixtureNet net;
  private final MixtureSpec spec;
  private final SegmentConfig segments;
  private final List<FeatureExtractor> extractors = new ArrayList<>();
  private final int batch;
  private final int w;
  private final List<String> problems = new ArrayList<>();
  private final int parityWanted;
  private final Map<String, List<float[]>> parity = new LinkedHashMap<>();
  private final List<String> parityIds = new ArrayList<>();

  /**
   * @param net the mixture (run in inference mode)
   * @param segments the window rules (W must equal the front ends' window)
   * @param batch windows per forward pass
   * @param parityWanted how many non-silent windows to keep as parity segments
   */
  public DjlFileScorer(MixtureNet net, SegmentConfig segments, int batch, int parityWanted) {
    this.net = net;
    this.spec = net.spec();
    this.segments = segments;
    this.batch = batch;
    this.parityWanted = parityWanted;
    this.w = segments.windowSamples();
    for (FeatureSpec f : spec.features()) {
      if (f.windowSamples() != w) {
        throw new IllegalArgumentException(
            "front end " + f.name() + " has window " + f.windowSamples() + ", segments use " + w);
      }
      extractors.add(FeatureExtractor.create(f));
    }
    for (String n : spec.inputNames()) {
      parity.put(n, new ArrayList<>());
    }
  }

  /** Vigil's segment rules for a window of W samples (hop W/2, −60 dBFS floor). */
  public static SegmentConfig segmentConfig(int windowSamples) {
    SegmentConfig d = SegmentConfig.defaults();
    if (windowSamples == d.windowSamples()) {
      return d;
    }
    return new SegmentConfig(
        16000,
        windowSamples,
        windowSamples / 2,
        Math.max(1, windowSamples / 10),
        windowSamples,
        Math.min(d.minDurationSeconds(), windowSamples / 16000.0),
        d.silenceFloorDbfs());
  }

  /** Files that could not be scored, one line each. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Scores the clips; a clip that cannot be decoded, is too short or silent is skipped and recorded
   * in {@link #problems()}.
   */
  public List<FileScore> score(List<Clip> clips, AudioCache cache, NDManager manager) {
    List<FileScore> out = new ArrayList<>();
    for (Clip c : clips) {
      try {
        out.add(scoreOne(c, cache.get(c.path()), manager));
      } catch (IOException | RuntimeException e) {
        problems.add(e.getMessage() == null ? c.path() + ": " + e : oneLine(e.getMessage()));
      }
    }
    return out;
  }

  /** The parity segments collected while scoring (the first non-silent windows). */
  public ParitySegments paritySegments() {
    Map<String, float[]> inputs = new LinkedHashMap<>();
    int n = parityIds.size();
    for (Map.Entry<String, List<float[]>> e : parity.entrySet()) {
      List<float[]> rows = e.getValue();
      int per = rows.isEmpty() ? 0 : rows.get(0).length;
      float[] all = new float[n * per];
      for (int i = 0; i < n; i++) {
        System.arraycopy(rows.get(i), 0, all, i * per, per);
      }
      inputs.put(e.getKey(), all);
    }
    return n == 0 ? ParitySegments.none() : new ParitySegments(n, inputs, parityIds);
  }

  private FileScore scoreOne(Clip clip, float[] audio, NDManager manager) throws IOException {
    List<float[]> windows = new ArrayList<>();
    List<Boolean> silent = new ArrayList<>();
    List<double[]> times = new ArrayList<>();
    Segmenter seg =
        new Segmenter(
            segments,
            clip.path().toString(),
            (win, samples, off) -> {
              float[] copy = new float[w];
              System.arraycopy(samples, off, copy, 0, w);
              windows.add(copy);
              silent.add(win.silent());
              times.add(new double[] {win.startSeconds(), win.endSeconds(), win.startSample()});
            });
    seg.push(audio, 0, audio.length);
    seg.finish();
    int e = spec.experts().size();
    List<SegmentVerdict> verdicts = new ArrayList<>();
    List<SegmentVerdict> uniform = new ArrayList<>();
    for (int from = 0; from < windows.size(); from += batch) {
      int n = Math.min(batch, windows.size() - from);
      try (NDManager sub = manager.newSubManager()) {
        NDList inputs = inputs(windows, from, n, sub, clip, silent);
        NDList outs = net.forward(new ParameterStore(sub, false), inputs, false);
        float[] score = outs.get(0).toFloatArray();
        float[] experts = outs.get(1).toFloatArray();
        float[] gates = outs.get(2).toFloatArray();
        for (int i = 0; i < n; i++) {
          List<Double> es = new ArrayList<>(e);
          List<Double> gw = new ArrayList<>(e);
          double mean = 0;
          for (int k = 0; k < e; k++) {
            es.add((double) experts[i * e + k]);
            gw.add((double) gates[i * e + k]);
            mean += experts[i * e + k];
          }
          double[] t = times.get(from + i);
          boolean s = silent.get(from + i);
          verdicts.add(new SegmentVerdict(from + i, t[0], t[1], score[i], es, gw, s));
          uniform.add(new SegmentVerdict(from + i, t[0], t[1], mean / e, es, gw, s));
        }
      }
    }
    double fileScore = Aggregation.fileScore(verdicts);
    double max = 0;
    double[] meanExperts = new double[e];
    double[] meanGates = new double[e];
    List<Double> logits = new ArrayList<>();
    for (SegmentVerdict v : verdicts) {
      if (v.silent()) {
        continue;
      }
      max = Math.max(max, v.score());
      logits.add(Aggregation.logit(v.score()));
      for (int k = 0; k < e; k++) {
        meanExperts[k] += v.expertScores().get(k);
        meanGates[k] += v.gateWeights().get(k);
      }
    }
    for (int k = 0; k < e; k++) {
      meanExperts[k] /= logits.size();
      meanGates[k] /= logits.size();
    }
    return new FileScore(
        clip,
        fileScore,
        max,
        logits.stream().mapToDouble(Double::doubleValue).toArray(),
        meanExperts,
        meanGates,
        Aggregation.fileScore(uniform),
        FileScore.perExpert(verdicts, e));
  }

  private NDList inputs(
      List<float[]> windows, int from, int n, NDManager m, Clip clip, List<Boolean> silent) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < n && parityIds.size() + chosen.size() < parityWanted; i++) {
      if (!silent.get(from + i)) {
        chosen.add(i);
      }
    }
    NDList list = new NDList();
    List<String> names = spec.inputNames();
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      long[] one = spec.inputShape(name);
      int per = (int) new Shape(one).size();
      float[] data = new float[n * per];
      for (int i = 0; i < n; i++) {
        float[] win = windows.get(from + i);
        if (MixtureSpec.WAVEFORM.equals(name)) {
          System.arraycopy(win, 0, data, i * per, per);
        } else {
          extractors.get(k).extract(win, 0, data, i * per);
        }
      }
      for (int i : chosen) {
        float[] row = new float[per];
        System.arraycopy(data, i * per, row, 0, per);
        parity.get(name).add(row);
      }
      long[] shape = new long[one.length + 1];
      shape[0] = n;
      System.arraycopy(one, 0, shape, 1, one.length);
      list.add(m.create(data, new Shape(shape)));
    }
    for (int i : chosen) {
      parityIds.add(clip.path().getFileName() + "@" + (from + i));
    }
    return list;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ");
  }
}
