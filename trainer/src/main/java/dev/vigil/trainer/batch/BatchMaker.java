package dev.vigil.trainer.batch;

import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.Crops;
import dev.vigil.trainer.augment.Augmenter;
import dev.vigil.trainer.data.Clip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds one class-balanced batch: even positions draw a random bona fide clip, odd positions a
 * random spoof clip (with replacement), each cropped at random to W (short clips tiled), augmented,
 * and turned into every front end's features. Within a class, a domain with n clips is drawn with
 * probability proportional to n^α ({@code domainBalance} α: 1 = every clip alike, 0 = every domain
 * alike). One instance per worker thread (holds extractors and scratch buffers); the clip lists and
 * the set of bad files are shared.
 */
public final class BatchMaker {
  private static final int MAX_RETRIES = 50;
  private final BatchSpec spec;
  private final List<Clip> bonafide;
  private final List<Clip> spoof;
  private final double[] bonafideCumulative;
  private final double[] spoofCumulative;
  private final AudioCache cache;
  private final Augmenter augmenter;
  private final Set<Path> bad;
  private final List<FeatureExtractor> extractors = new ArrayList<>();
  private final float[] crop;

  /**
   * @param spec batch contents
   * @param clips the clips to draw from (both labels must be present)
   * @param cache decoded audio
   * @param augmenter this worker's augmenter, or null for none
   * @param bad shared set of files that failed to decode (reported once, then avoided)
   */
  public BatchMaker(
      BatchSpec spec, List<Clip> clips, AudioCache cache, Augmenter augmenter, Set<Path> bad) {
    this(spec, clips, cache, augmenter, bad, 1.0);
  }

  /**
   * @param spec batch contents
   * @param clips the clips to draw from (both labels must be present)
   * @param cache decoded audio
   * @param augmenter this worker's augmenter, or null for none
   * @param bad shared set of files that failed to decode (reported once, then avoided)
   * @param domainBalance α in [0, 1]: a domain of n clips is drawn in proportion to n^α
   */
  public BatchMaker(
      BatchSpec spec,
      List<Clip> clips,
      AudioCache cache,
      Augmenter augmenter,
      Set<Path> bad,
      double domainBalance) {
    if (!(domainBalance >= 0 && domainBalance <= 1)) {
      throw new IllegalArgumentException("domain_balance must be in [0, 1], got " + domainBalance);
    }
    this.spec = spec;
    this.bonafide = clips.stream().filter(c -> !c.isSpoof()).toList();
    this.spoof = clips.stream().filter(Clip::isSpoof).toList();
    if (bonafide.isEmpty() || spoof.isEmpty()) {
      throw new IllegalArgumentException(
          "class-balanced batches need both labels; found "
              + bonafide.size()
              + " bona fide and "
              + spoof.size()
              + " spoof clips");
    }
    this.bonafideCumulative = domainBalance == 1 ? null : cumulative(bonafide, domainBalance);
    this.spoofCumulative = domainBalance == 1 ? null : cumulative(spoof, domainBalance);
    this.cache = cache;
    this.augmenter = augmenter;
    this.bad = bad;
    for (FeatureSpec f : spec.features()) {
      extractors.add(FeatureExtractor.create(f));
    }
    this.crop = new float[spec.windowSamples()];
  }

  /** A new shared set for bad files. */
  public static Set<Path> newBadSet() {
    return ConcurrentHashMap.newKeySet();
  }

  /**
   * Builds the batch drawn with this random generator.
   *
   * @throws IOException when too many drawn files in a row fail to decode
   */
  public TrainBatch make(Random rnd) throws IOException {
    int n = spec.batchSize();
    int w = spec.windowSamples();
    List<float[]> feats = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      feats.add(new float[n * f.bins() * f.frames()]);
    }
    float[] wave = spec.waveform() ? new float[n * w] : null;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      boolean isSpoof = (i & 1) == 1;
      float[] audio =
          draw(isSpoof ? spoof : bonafide, isSpoof ? spoofCumulative : bonafideCumulative, rnd);
      labels[i] = isSpoof ? 1 : 0;
      Crops.randomCrop(audio, w, rnd, crop, 0);
      if (augmenter != null) {
        augmenter.waveform(crop, 0, w, rnd);
      }
      if (wave != null) {
        System.arraycopy(crop, 0, wave, i * w, w);
      }
      for (int k = 0; k < extractors.size(); k++) {
        FeatureSpec f = spec.features().get(k);
        int size = f.bins() * f.frames();
        extractors.get(k).extract(crop, 0, feats.get(k), i * size);
        if (augmenter != null) {
          augmenter.spectrogram(feats.get(k), i * size, f.bins(), f.frames(), rnd);
        }
      }
    }
    return new TrainBatch(n, feats, wave, labels);
  }

  /** Cumulative clip weights: each clip of a domain with n clips weighs n^(α − 1). */
  static double[] cumulative(List<Clip> clips, double alpha) {
    Map<String, Integer> perDomain = new HashMap<>();
    for (Clip c : clips) {
      perDomain.merge(c.domain(), 1, Integer::sum);
    }
    double[] cum = new double[clips.size()];
    double total = 0;
    for (int i = 0; i < cum.length; i++) {
      total += Math.pow(perDomain.get(clips.get(i).domain()), alpha - 1);
      cum[i] = total;
    }
    return cum;
  }

  static int pick(int size, double[] cumulative, Random rnd) {
    if (cumulative == null) {
      return rnd.nextInt(size);
    }
    double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, u);
    return Math.min(size - 1, i >= 0 ? i + 1 : -i - 1);
  }

  private float[] draw(List<Clip> from, double[] cumulative, Random rnd) throws IOException {
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      Clip c = from.get(pick(from.size(), cumulative, rnd));
      if (bad.contains(c.path())) {
        continue;
      }
      try {
        float[] a = cache.get(c.path());
        if (a.length > 0) {
          return a;
        }
        throw new IOException(c.path() + ": no samples");
      } catch (IOException | RuntimeException e) {
        if (bad.add(c.path())) {
          System.err.println("skipped (unreadable): " + e.getMessage());
        }
      }
    }
    throw new IOException(
        MAX_RETRIES + " files in a row could not be decoded (" + bad.size() + " bad files so far)");
  }
}
