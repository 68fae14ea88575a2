package dev.vigil.runtime.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-check against SoX {@code rate -v} (fixtures written by {@code
 * src/test/fixtures/features/make_resample_sox.py}): on band-limited signals both resamplers are
 * flat, so the outputs must agree sample by sample, at the same instants and the same length.
 */
class ResamplerSoxTest {
  private static final double MIN_AGREEMENT_DB = 90.0;
  private static final int EDGE = 500;

  static List<JsonNode> fixtures() throws IOException {
    try (InputStream in =
        ResamplerSoxTest.class.getResourceAsStream("/features/sox_manifest.json")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /features/sox_manifest.json");
      }
      List<JsonNode> list = new ArrayList<>();
      new ObjectMapper().readTree(in).get("fixtures").forEach(list::add);
      return list;
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void agreesWithSox(JsonNode fixture) throws IOException {
    int inRate = fixture.get("in_rate").asInt();
    int outRate = fixture.get("out_rate").asInt();
    int nIn = fixture.get("input_samples").asInt();
    int nOut = fixture.get("output_samples").asInt();
    float[] all = read("/features/" + fixture.get("file").asText(), nIn + nOut);
    float[] x = java.util.Arrays.copyOf(all, nIn);
    float[] sox = java.util.Arrays.copyOfRange(all, nIn, nIn + nOut);
    float[] y = ResamplerTest.resample(inRate, outRate, x);
    assertEquals(nOut, y.length, "output length vs sox");
    double signal = 0;
    double diff = 0;
    for (int i = EDGE; i < nOut - EDGE; i++) {
      signal += (double) sox[i] * sox[i];
      double d = y[i] - sox[i];
      diff += d * d;
    }
    double db = 10 * Math.log10(signal / diff);
    System.out.printf(
        "resampler %6d -> %5d vs sox rate -v: agreement %.1f dB%n", inRate, outRate, db);
    assertTrue(db >= MIN_AGREEMENT_DB, inRate + " Hz: only " + db + " dB");
  }

  private static float[] read(String resource, int n) throws IOException {
    try (InputStream raw = ResamplerSoxTest.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      byte[] bytes;
      try (GZIPInputStream in = new GZIPInputStream(raw)) {
        bytes = in.readAllBytes();
      }
      assertEquals(4L * n, bytes.length, resource);
      float[] f = new float[n];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      return f;
    }
  }
}
