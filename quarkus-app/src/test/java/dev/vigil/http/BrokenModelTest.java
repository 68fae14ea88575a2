package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model that cannot be loaded: the service runs, stays not ready, and says why; once the file is
 * there, a reload makes it ready.
 */
@QuarkusTest
@TestProfile(BrokenModelTest.MissingModel.class)
class BrokenModelTest {
  /** Where the profile points: absent at start-up. */
  static final Path MISSING = Path.of("target", "broken-model-test", "model.onnx").toAbsolutePath();

  /** Points at a file that does not exist. */
  public static class MissingModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Files.deleteIfExists(MISSING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.of("vigil.model.path", MISSING.toString());
    }
  }

  @Test
  void staysNotReadyWithTheReasonUntilAReloadFindsTheFile() throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String state = "loading";
    while (state.equals("loading") && System.nanoTime() < until) {
      Thread.sleep(50);
      state =
          given()
              .get("/q/health/ready")
              .jsonPath()
              .getString("checks.find { it.name == 'model' }.data.state");
    }
    assertEquals("failed", state);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'model' }.data.state", equalTo("failed"))
        .body("checks.find { it.name == 'model' }.data.reason", containsString(MISSING.toString()));
    given().get("/q/health/live").then().statusCode(200);
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .body("error", equalTo("not_ready"))
        .body("message", containsString("model file not found"));
    given()
        .post("/v1/model/reload")
        .then()
        .statusCode(422)
        .body("error", equalTo("model_rejected"))
        .body("message", containsString("no model is serving"));

    Files.createDirectories(MISSING.getParent());
    Files.copy(Path.of("target", "test-models", "two_experts_mlp.onnx"), MISSING);
    try {
      given().post("/v1/model/reload").then().statusCode(200);
      given()
          .get("/q/health/ready")
          .then()
          .statusCode(200)
          .body("checks.find { it.name == 'model' }.data.state", equalTo("ready"));
      given()
          .contentType("audio/wav")
          .body(Fixtures.wav4s())
          .post("/v1/detect")
          .then()
          .statusCode(200);
    } finally {
      Files.deleteIfExists(MISSING);
    }
  }
}
