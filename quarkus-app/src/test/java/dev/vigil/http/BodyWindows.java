package dev.vigil.http;

import dev.vigil.runtime.features.SegmentFeatures;
import dev.vigil.runtime.model.Batch;
import dev.vigil.runtime.model.ModelException;
import dev.vigil.runtime.model.ModelMetadata;

/**
 * The 4 s body the load and latency scripts post (two windows) with its two windows' model inputs
 * computed once, for the model-only baselines ({@link ModelOnlyLatency}, {@link LatencyProbe}).
 */
final class BodyWindows {
  /** The body's samples: 4 s at 16 kHz. */
  static float[] audio() {
    return WarmupAudio.samples(16000, 4 * 16000);
  }

  private final float[] audio;
  private final int w;
  private final float[][] first;
  private final float[][] last;

  /** The waveform input when the gate reads it, else null. */
  private final float[] waveform;

  BodyWindows(ModelMetadata metadata) {
    audio = audio();
    w = metadata.segment().windowSamples();
    SegmentFeatures features = new SegmentFeatures(metadata.features());
    first = features.newBuffers();
    last = features.newBuffers();
    features.compute(audio, 0, first);
    features.compute(audio, audio.length - w, last);
    waveform = metadata.needsWaveform() ? audio : null;
  }

  /** One run of both windows as a batch of 2. */
  void runBoth(Batch batch) throws ModelException {
    batch.clear();
    addFirst(batch);
    addLast(batch);
    batch.model().run(batch);
  }

  /** One run of the first window alone. */
  void runFirst(Batch batch) throws ModelException {
    batch.clear();
    addFirst(batch);
    batch.model().run(batch);
  }

  /** One run of the last (end-aligned) window alone. */
  void runLast(Batch batch) throws ModelException {
    batch.clear();
    addLast(batch);
    batch.model().run(batch);
  }

  private void addFirst(Batch batch) {
    batch.add(first, waveform, 0);
  }

  private void addLast(Batch batch) {
    batch.add(last, waveform, waveform == null ? 0 : audio.length - w);
  }
}
