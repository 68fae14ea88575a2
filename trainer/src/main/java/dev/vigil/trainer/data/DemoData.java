package dev.vigil.trainer.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a small generated data set (16 kHz mono 16-bit WAV plus {@code manifest.csv}) for smoke
 * runs and benchmarks: bona fide clips are voiced tones with vibrato, harmonics and breath noise;
 * spoof clips are the same with vocoder-like artefacts (a steady high whistle and frame-periodic
 * buzz). Six speakers, assigned to train/dev/test by speaker so the splits are speaker-disjoint. It
 * is not speech: it exercises the pipeline, it does not measure detection.
 */
public final class DemoData {
  private DemoData() {}

  /**
   * Writes {@code perLabel} clips of each label into {@code dir} (skipped when the manifest is
   * already there).
   *
   * @return the manifest path
   * @throws IOException when the folder cannot be written
   */
  public static Path write(Path dir, int perLabel, long seed) throws IOException {
    Path manifest = dir.resolve("manifest.csv");
    if (Files.isRegularFile(manifest)) {
      return manifest;
    }
    Files.createDirectories(dir.resolve("bonafide"));
    Files.createDirectories(dir.resolve("spoof"));
    Path tmp = dir.resolve("manifest.csv.tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("path,label,split,source,system,speaker,origin,license\n");
      for (int i = 0; i < perLabel; i++) {
        int speaker = i % 6;
        String split = speaker < 4 ? "train" : speaker == 4 ? "dev" : "test";
        for (boolean spoof : new boolean[] {false, true}) {
          Random r = new Random(seed * 1_000_003L + i * 2L + (spoof ? 1 : 0));
          String label = spoof ? "spoof" : "bonafide";
          String rel = label + "/" + String.format("%04d.wav", i);
          writeWav(dir.resolve(rel), clip(r, speaker, spoof, i % 3));
          w.write(
              String.join(
                      ",",
                      rel,
                      label,
                      split,
                      "demo",
                      spoof ? "demo_vocoder" + (i % 3) : "human",
                      "spk" + speaker,
                      "utt" + i,
                      "CC0-1.0")
                  + "\n");
        }
      }
    }
    Files.move(tmp, manifest);
    return manifest;
  }

  static float[] clip(Random r, int speaker, boolean spoof, int system) {
    int n = 16000 + r.nextInt(48000);
    float[] a = new float[n];
    double f0 = 90 + 25 * speaker + 10 * r.nextDouble();
    double phase = 0;
    for (int t = 0; t < n; t++) {
      double sec = t / 16000.0;
      double f = f0 * (1 + 0.03 * Math.sin(2 * Math.PI * 5 * sec));
      phase += 2 * Math.PI * f / 16000;
      double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 2.5 * sec + speaker);
      double v = 0;
      for (int h = 1; h <= 8; h++) {
        v += Math.sin(h * phase) / h;
      }
      v = env * 0.15 * v + 0.01 * r.nextGaussian();
      if (spoof) {
        v += 0.01 * Math.sin(2 * Math.PI * (4000 + 500 * system) * sec);
        if (t % 160 < 2) {
          v += 0.03 * env;
        }
      }
      a[t] = (float) v;
    }
    return a;
  }

  /** Writes 16-bit PCM mono WAV at 16 kHz. */
  public static void writeWav(Path file, float[] x) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * x.length);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * x.length);
    for (float v : x) {
      b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
    }
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(b.array());
    }
  }
}
