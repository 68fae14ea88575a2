package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model that cannot be loaded: the service runs, stays not ready, and says why. */
@QuarkusTest
@TestProfile(BrokenModelTest.MissingModel.class)
class BrokenModelTest {

  /** Points at a file that does not exist. */
  public static class MissingModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("vigil.model.path", "/nonexistent/vigil-test/model.onnx");
    }
  }

  @Test
  void staysNotReadyWithTheReason() throws InterruptedException {
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
        .body(
            "checks.find { it.name == 'model' }.data.reason",
            containsString("/nonexistent/vigil-test/model.onnx"));
    given().get("/q/health/live").then().statusCode(200);
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .body("error", equalTo("not_ready"))
        .body("message", containsString("model file not found"));
  }
}
