package dev.vigil.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The dummy input scored once at start-up: a 16-bit mono WAV of a chirp over faint noise. */
final class WarmupAudio {
  private WarmupAudio() {}

  /**
   * The samples: a slow 150 Hz to 1650 Hz chirp at -12 dBFS with noise at -40 dBFS, well above any
   * silence floor. Deterministic.
   *
   * @param rate sample rate, Hz
   * @param samples sample count
   */
  static float[] samples(int rate, int samples) {
    float[] x = new float[samples];
    long seed = 0x9E3779B97F4A7C15L;
    double phase = 0;
    for (int i = 0; i < samples; i++) {
      double f = 150 + 1500.0 * i / samples;
      phase += 2 * Math.PI * f / rate;
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      double noise = ((seed >>> 40) / (double) (1L << 24)) * 2 - 1;
      x[i] = (float) (0.25 * Math.sin(phase) + 0.01 * noise);
    }
    return x;
  }

  /**
   * RIFF/WAVE bytes (16-bit PCM, mono) of {@link #samples}.
   *
   * @param rate sample rate, Hz
   * @param samples sample count
   */
  static byte[] wav(int rate, int samples) {
    return wav(rate, samples(rate, samples));
  }

  /** RIFF/WAVE bytes (16-bit PCM, mono) of the given samples, clipped to [-1, 1]. */
  static byte[] wav(int rate, float[] x) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + 2 * x.length);
    b.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate);
    b.putShort((short) 2).putShort((short) 16);
    b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(2 * x.length);
    for (float v : x) {
      b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767));
    }
    return b.array();
  }

  /** 1.5 windows of the engine's model's audio: two windows, so a batch of two. */
  static byte[] forModel(dev.vigil.runtime.engine.DetectionEngine e) {
    var seg = e.model().metadata().segment();
    return wav(seg.sampleRate(), seg.windowSamples() + seg.windowSamples() / 2);
  }
}
