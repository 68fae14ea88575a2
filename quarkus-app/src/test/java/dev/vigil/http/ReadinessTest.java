package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness is red while the model loads (here: held back 8 s), green once it is warmed up; a
 * reload asked meanwhile is refused, a stream closed with 1013 {@code not_ready}.
 */
@QuarkusTest
@TestProfile(ReadinessTest.SlowStart.class)
class ReadinessTest {

  /** Loads the model 8 s after start-up. */
  public static class SlowStart implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("vigil.model.load-delay", "8s");
    }
  }

  @Test
  void notReadyWhileLoadingThenReady() throws Exception {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'model' }.data.state", equalTo("loading"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .header("Retry-After", notNullValue())
        .body("error", equalTo("not_ready"));
    given().get("/v1/model").then().statusCode(503).body("error", equalTo("not_ready"));
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      StreamTest.assertClosedWith(c, 1013, "not_ready", "model not ready: model loading");
    }
    // the start-up load holds the one load slot: a reload meanwhile is refused
    given()
        .post("/v1/model/reload")
        .then()
        .statusCode(409)
        .body("error", equalTo("reload_in_progress"))
        .body("message", containsString("the start-up load"));

    Fixtures.awaitReady(Duration.ofSeconds(60));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'model' }.data.state", equalTo("ready"))
        .body("checks.find { it.name == 'model' }.data.ready_ms", notNullValue());
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(200);
  }
}
