package dev.vigil.trainer.train;

import dev.vigil.runtime.verdict.Label;
import dev.vigil.trainer.audio.ClipLoader;
import dev.vigil.trainer.data.Clip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A tiny generated data set held in memory: bona fide clips are low harmonic tones with noise,
 * spoof clips add a steady 5 kHz whistle, so a few steps can learn it. Paths are virtual; {@link
 * #loader()} synthesises the audio from the path's number.
 */
final class SyntheticData {
  private SyntheticData() {}

  static List<Clip> clips(int perLabel, String split, String domain) {
    List<Clip> out = new ArrayList<>();
    for (int i = 0; i < perLabel; i++) {
      for (Label l : Label.values()) {
        Path p = Path.of("/synthetic", domain, split, l.wireName(), i + ".wav");
        out.add(
            new Clip(
                p,
                l,
                domain,
                domain,
                split,
                l == Label.SPOOF ? "tone5k" : "",
                "spk" + i,
                "",
                "",
                ""));
      }
    }
    return out;
  }

  static ClipLoader loader() {
    return path -> {
      String name = path.getFileName().toString();
      int idx = Integer.parseInt(name.substring(0, name.indexOf('.')));
      boolean spoof = path.toString().contains("/spoof/");
      Random r = new Random(idx * 31L + (spoof ? 7 : 0) + path.toString().hashCode());
      int n = 6000 + r.nextInt(6000);
      float[] a = new float[n];
      double f0 = 120 + 80 * r.nextDouble();
      for (int t = 0; t < n; t++) {
        double v =
            0.2 * Math.sin(2 * Math.PI * f0 * t / 16000)
                + 0.1 * Math.sin(2 * Math.PI * 2 * f0 * t / 16000)
                + 0.02 * r.nextGaussian();
        if (spoof) {
          v += 0.05 * Math.sin(2 * Math.PI * 5000 * t / 16000);
        }
        a[t] = (float) v;
      }
      return a;
    };
  }
}
