package dev.vigil.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioDecoders;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.decode.PcmStream;
import dev.vigil.runtime.features.FeatureExtractor;
import dev.vigil.runtime.features.FeatureSpec;
import dev.vigil.runtime.model.Model;
import dev.vigil.runtime.model.ModelOptions;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentVerdict;
import dev.vigil.trainer.arch.Calibration;
import dev.vigil.trainer.arch.ExpertSpec;
import dev.vigil.trainer.arch.GateSpec;
import dev.vigil.trainer.arch.MixtureNet;
import dev.vigil.trainer.arch.MixtureSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported model, run by the runtime's {@link Detector} on audio, gives the same per-segment
 * scores as the DJL mixture fed the same windows through the same front ends.
 */
class RuntimeAgreementTest {

  @Test
  void detectorSegmentScoresMatchDjlOnTheSameAudio(@TempDir Path dir) throws Exception {
    MixtureSpec spec =
        new MixtureSpec(
            List.of(
                ExpertSpec.lcnn("lcnn_logmel", FeatureSpec.logmel()),
                ExpertSpec.resnet18("resnet_loglinear", FeatureSpec.loglinear(), 4)),
            GateSpec.of("classic"),
            Calibration.none());
    byte[] wav = wav16(16000, signal(5.3, 16000, 42));
    try (NDManager m = NDManager.newBaseManager()) {
      MixtureNet net = TestCheckpoints.trainAndSave(dir.resolve("ckpt"), spec, 1, 2, m);
      Path onnx = dir.resolve("model.onnx");
      Exporter.export(dir.resolve("ckpt"), onnx, new ExportOptions(2, 2, 1e-4, 5));

      List<SegmentVerdict> segments;
      try (Model model = Model.load(onnx, ModelOptions.cpu(4));
          Detector d = Detector.create(model, DetectorOptions.defaults())) {
        FileVerdict v = d.detect(AudioSource.of(wav, "speech.wav")).get(0);
        segments = v.segments();
      }
      // 5.3 s: windows at 0, 1.5 s, and the last one aligned to the end (2.3 s)
      assertEquals(3, segments.size());

      float[] samples = decode(wav);
      FeatureExtractor mel = FeatureExtractor.create(FeatureSpec.logmel());
      FeatureExtractor lin = FeatureExtractor.create(FeatureSpec.loglinear());
      int w = 48000;
      for (SegmentVerdict s : segments) {
        int start = (int) Math.round(s.startSeconds() * 16000);
        assertTrue(start + w <= samples.length);
        float[] fm = new float[FeatureSpec.logmel().featureSize()];
        float[] fl = new float[FeatureSpec.loglinear().featureSize()];
        mel.extract(samples, start, fm, 0);
        lin.extract(samples, start, fl, 0);
        float[] wave = Arrays.copyOfRange(samples, start, start + w);
        try (NDManager sub = m.newSubManager()) {
          NDList in =
              new NDList(
                  sub.create(fm, new Shape(1, 1, 80, 301)),
                  sub.create(fl, new Shape(1, 1, 257, 301)),
                  sub.create(wave, new Shape(1, w)));
          NDList out = net.forward(new ParameterStore(sub, false), in, false);
          assertEquals(out.get(0).toFloatArray()[0], s.score(), 1e-4, "segment " + s.index());
          float[] es = out.get(1).toFloatArray();
          float[] gw = out.get(2).toFloatArray();
          for (int e = 0; e < 2; e++) {
            assertEquals(es[e], s.expertScores().get(e), 1e-4);
            assertEquals(gw[e], s.gateWeights().get(e), 1e-4);
          }
        }
      }
    }
  }

  private static float[] decode(byte[] wav) throws Exception {
    try (PcmStream pcm =
        AudioDecoders.open(AudioSource.of(wav, "speech.wav"), DecodeOptions.defaults())) {
      assertEquals(1, pcm.info().channels());
      float[][] buf = new float[1][4096];
      float[] all = new float[0];
      int n;
      while ((n = pcm.read(buf, 0, 4096)) >= 0) {
        int old = all.length;
        all = Arrays.copyOf(all, old + n);
        System.arraycopy(buf[0], 0, all, old, n);
      }
      return all;
    }
  }

  /** Harmonics with a gliding pitch, a syllable-rate envelope and a little noise. */
  static float[] signal(double seconds, int rate, long seed) {
    Random r = new Random(seed);
    float[] x = new float[(int) (seconds * rate)];
    double phase = 0;
    for (int i = 0; i < x.length; i++) {
      double t = i / (double) rate;
      double f0 = 120 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
      phase += 2 * Math.PI * f0 / rate;
      double v = 0;
      for (int h = 1; h <= 8; h++) {
        v += Math.sin(h * phase) / h;
      }
      double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
      x[i] = (float) (0.1 * env * v + 0.003 * r.nextGaussian());
    }
    return x;
  }

  static byte[] wav16(int rate, float[] x) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * x.length);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    b.putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * x.length);
    for (float v : x) {
      b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
    }
    return b.array();
  }
}
