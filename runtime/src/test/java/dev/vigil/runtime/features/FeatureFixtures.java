package dev.vigil.runtime.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the numpy reference fixtures under {@code /features/} (written by {@code
 * src/test/fixtures/features/make_features.py}): per signal, input[48000] | logmel[80·301] |
 * loglinear[257·301] as little-endian float32, gzip-compressed.
 */
final class FeatureFixtures {
  static final List<String> SIGNALS =
      List.of("speech", "near_silence", "square", "dc", "clicks", "white_noise");
  static final int INPUT = 48000;
  static final int LOGMEL = 80 * 301;
  static final int LOGLINEAR = 257 * 301;

  final float[] input;
  final float[] logmel;
  final float[] loglinear;

  private FeatureFixtures(float[] all) {
    input = java.util.Arrays.copyOfRange(all, 0, INPUT);
    logmel = java.util.Arrays.copyOfRange(all, INPUT, INPUT + LOGMEL);
    loglinear = java.util.Arrays.copyOfRange(all, INPUT + LOGMEL, all.length);
  }

  static FeatureFixtures load(String signal) {
    String resource = "/features/" + signal + ".f32.gz";
    try (InputStream raw = FeatureFixtures.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      byte[] bytes;
      try (GZIPInputStream in = new GZIPInputStream(raw)) {
        bytes = in.readAllBytes();
      }
      int n = INPUT + LOGMEL + LOGLINEAR;
      if (bytes.length != 4 * n) {
        throw new IllegalStateException(resource + ": " + bytes.length + " bytes, want " + 4 * n);
      }
      float[] all = new float[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(all);
      return new FeatureFixtures(all);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }
}
