package dev.vigil.export;

import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.ModelContract;
import dev.vigil.runtime.model.ModelMetadata;
import dev.vigil.trainer.audio.ClipAudio;
import dev.vigil.trainer.audio.Crops;
import dev.vigil.trainer.checkpoint.ParitySegments;
import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.data.ManifestReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Model inputs of real windows from a corpus manifest: clips of one split, shuffled with a seed,
 * each decoded to 16 kHz mono by the runtime's decoders, cut to one window at a seeded random start
 * (short clips tiled, as in training) and turned into features by the runtime's front ends, the
 * code that serves. Clips that fail to decode are skipped.
 */
final class ManifestWindows {
  private ManifestWindows() {}

  /**
   * Reads up to {@code count} windows of {@code split}.
   *
   * @throws IOException when the manifest cannot be read or holds no clip of the split
   */
  static ParitySegments read(
      Path manifest, String split, int count, ModelMetadata meta, long seed, int[] spoofCount)
      throws IOException {
    DataSet all = ManifestReader.read(manifest, "calibration");
    List<Clip> clips = new ArrayList<>(all.split(split).clips());
    if (clips.isEmpty()) {
      throw new IOException(manifest + ": no clip of split '" + split + "'");
    }
    Collections.shuffle(clips, new Random(seed));
    List<FeatureSpec> specs = meta.features();
    int w = meta.segment().windowSamples();
    boolean wave = meta.needsWaveform();
    SegmentFeatures features = new SegmentFeatures(specs);
    List<float[][]> feats = new ArrayList<>();
    List<float[]> windows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Random crop = new Random(seed + 1);
    DecodeOptions decode = DecodeOptions.defaults();
    int spoof = 0;
    for (Clip c : clips) {
      if (feats.size() >= count) {
        break;
      }
      float[] audio;
      try {
        audio = ClipAudio.load(c.path(), decode);
      } catch (IOException e) {
        continue;
      }
      if (audio.length == 0) {
        continue;
      }
      float[] window = new float[w];
      Crops.randomCrop(audio, w, crop, window, 0);
      float[][] f = features.newBuffers();
      features.compute(window, 0, f);
      feats.add(f);
      windows.add(window);
      ids.add(manifest.toAbsolutePath().getParent().relativize(c.path()).toString());
      spoof += c.isSpoof() ? 1 : 0;
    }
    if (feats.isEmpty()) {
      throw new IOException(manifest + ": no clip of split '" + split + "' could be decoded");
    }
    spoofCount[0] = spoof;
    int n = feats.size();
    Map<String, float[]> inputs = new LinkedHashMap<>();
    for (int k = 0; k < specs.size(); k++) {
      int per = specs.get(k).featureSize();
      float[] all2 = new float[n * per];
      for (int i = 0; i < n; i++) {
        System.arraycopy(feats.get(i)[k], 0, all2, i * per, per);
      }
      inputs.put(specs.get(k).name(), all2);
    }
    if (wave) {
      float[] all2 = new float[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(windows.get(i), 0, all2, i * w, w);
      }
      inputs.put(ModelContract.INPUT_WAVEFORM, all2);
    }
    return new ParitySegments(n, inputs, ids);
  }

  /** {@code a} followed by {@code b} (same input names). */
  static ParitySegments concat(ParitySegments a, ParitySegments b) {
    if (a.count() == 0) {
      return b;
    }
    if (b.count() == 0) {
      return a;
    }
    Map<String, float[]> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : a.inputs().entrySet()) {
      float[] x = e.getValue();
      float[] y = b.inputs().get(e.getKey());
      float[] z = new float[x.length + y.length];
      System.arraycopy(x, 0, z, 0, x.length);
      System.arraycopy(y, 0, z, x.length, y.length);
      inputs.put(e.getKey(), z);
    }
    List<String> ids = new ArrayList<>(a.ids());
    ids.addAll(b.ids());
    return new ParitySegments(a.count() + b.count(), inputs, ids);
  }
}
