package dev.vigil.http;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The slow test model (each window costs a chain of matrix products, about a quarter of a second on
 * the build machine), batches of two windows, a 70 s admission budget at a configured 4 audio-s/s,
 * uploads up to 120 s, and a request timeout far away: a 40 or 60 s upload is scored for seconds.
 */
public class SlowModel implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "vigil.model.path", "target/test-models/two_experts_mlp-slow.onnx",
        "vigil.engine.max-batch", "2",
        "vigil.engine.capacity", "4",
        "vigil.limits.max-audio-in-flight", "70s",
        "vigil.limits.max-duration", "120s",
        "vigil.limits.max-body-size", "4M",
        "vigil.limits.request-timeout", "120s");
  }
}
