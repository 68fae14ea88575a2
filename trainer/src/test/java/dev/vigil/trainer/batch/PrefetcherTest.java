package dev.vigil.trainer.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.audio.AudioCache;
import dev.vigil.trainer.audio.ClipLoader;
import dev.vigil.trainer.audio.Crops;
import dev.vigil.trainer.data.Clip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefetcherTest {
  static final int W = 4000;

  static FeatureSpec small() {
    FeatureSpec f = FeatureSpec.logmel();
    return new FeatureSpec(
        f.name(),
        f.kind(),
        16000,
        W,
        f.nFft(),
        f.winLength(),
        f.window(),
        f.hopLength(),
        f.center(),
        f.padMode(),
        f.preEmphasis(),
        f.power(),
        f.nMels(),
        f.fMin(),
        f.fMax(),
        f.melScale(),
        f.logOffset(),
        f.normalization());
  }

  static List<Clip> clips() {
    List<Clip> c = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      c.add(Clip.of(Path.of("/b/" + i), Label.BONAFIDE, "d", "train"));
      c.add(Clip.of(Path.of("/s/" + i), Label.SPOOF, "d", "train"));
      c.add(Clip.of(Path.of("/missing/" + i), Label.SPOOF, "d", "train"));
    }
    return c;
  }

  static ClipLoader loader() {
    return p -> {
      if (p.startsWith("/missing")) {
        throw new IOException(p + ": missing file");
      }
      Random r = new Random(p.hashCode());
      float[] a = new float[3000 + r.nextInt(6000)];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (0.1 * r.nextGaussian());
      }
      return a;
    };
  }

  List<TrainBatch> epoch(int workers) throws Exception {
    BatchSpec spec = new BatchSpec(List.of(small()), true, 6, W);
    AudioCache cache = new AudioCache(1 << 24, loader());
    var bad = BatchMaker.newBadSet();
    List<TrainBatch> out = new ArrayList<>();
    try (Prefetcher pf =
        new Prefetcher(
            () -> new BatchMaker(spec, clips(), cache, null, bad), workers, 3, 99, 2, 0, 5)) {
      for (int k = 0; k < 5; k++) {
        out.add(pf.next());
      }
      assertThrows(IllegalStateException.class, pf::next);
      assertTrue(pf.waitNanos() >= 0);
    }
    assertTrue(bad.size() > 0, "missing files are recorded, not fatal");
    return out;
  }

  @Test
  void balancedDeterministicAndIndependentOfWorkerCount() throws Exception {
    List<TrainBatch> one = epoch(1);
    List<TrainBatch> three = epoch(3);
    for (int k = 0; k < 5; k++) {
      assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, one.get(k).labels());
      assertArrayEquals(one.get(k).features().get(0), three.get(k).features().get(0));
      assertArrayEquals(one.get(k).waveform(), three.get(k).waveform());
      assertEquals(6 * 80 * small().frames(), one.get(k).features().get(0).length);
    }
  }

  @Test
  void shortClipsAreTiledAndLongOnesCropped() {
    float[] a = {1, 2, 3};
    float[] out = new float[7];
    Crops.randomCrop(a, 7, new Random(1), out, 0);
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 1}, out);
    float[] b = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] o = new float[4];
    Crops.randomCrop(b, 4, new Random(3), o, 0);
    assertEquals(o[0] + 3, o[3]);
  }

  @Test
  void oneLabelOnlyIsRefusedWithCounts() {
    BatchSpec spec = new BatchSpec(List.of(small()), false, 4, W);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BatchMaker(
                    spec,
                    clips().subList(0, 1),
                    new AudioCache(0, loader()),
                    null,
                    BatchMaker.newBadSet()));
    assertTrue(e.getMessage().contains("1 bona fide and 0 spoof"));
  }

  /**
   * Domain balance α: a domain of n clips is drawn in proportion to n^α. With 9 clips in one domain
   * and 1 in another, the lone clip is drawn 1/10 of the time at α = 1, 1/4 at α = 0.5 and 1/2 at α
   * = 0; out-of-range α is refused.
   */
  @Test
  void domainBalanceDrawsDomainsInProportionToTheirSizeToTheAlpha() {
    List<Clip> clips = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      clips.add(Clip.of(Path.of("/a/" + i), Label.SPOOF, "big", "train"));
    }
    clips.add(Clip.of(Path.of("/b/0"), Label.SPOOF, "small", "train"));
    double[][] cases = {{1.0, 0.1}, {0.5, 0.25}, {0.0, 0.5}};
    for (double[] c : cases) {
      double[] cum = BatchMaker.cumulative(clips, c[0]);
      Random r = new Random(7);
      int lone = 0;
      int n = 40_000;
      for (int k = 0; k < n; k++) {
        lone += BatchMaker.pick(clips.size(), cum, r) == 9 ? 1 : 0;
      }
      assertEquals(c[1], lone / (double) n, 0.01, "alpha " + c[0]);
    }
    BatchSpec spec = new BatchSpec(List.of(small()), false, 4, W);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BatchMaker(
                spec, clips(), new AudioCache(0, loader()), null, BatchMaker.newBadSet(), 1.5));
  }
}
