package dev.vigil.runtime.engine;

import dev.vigil.runtime.segment.Window;

/** One window's features on their way from a reading thread to inference; pooled. */
final class Slot {
  final float[][] features;

  /** The window's samples when the model takes the waveform, else null. */
  final float[] waveform;

  Job job;
  int stream;
  Window window;

  Slot(float[][] features, float[] waveform) {
    this.features = features;
    this.waveform = waveform;
  }
}
