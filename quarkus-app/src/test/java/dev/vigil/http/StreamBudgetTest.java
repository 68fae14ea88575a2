package dev.vigil.http;

import static dev.vigil.http.StreamTest.WAIT;
import static dev.vigil.http.StreamTest.assertClosedWith;
import static dev.vigil.http.StreamTest.pcm;
import static dev.vigil.http.StreamTest.sendFrames;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams share the work budget with uploads: at a configured 4 audio-s/s and a 70 s budget, each
 * stream holds the 30 s a real-time stream brings within the request timeout, so two fit, a third
 * is closed with 1013 and an upload of 15 s is 503 while they are open. A reload lets an open
 * stream finish on the model it started with, which closes after it.
 */
@QuarkusTest
@TestProfile(StreamBudgetTest.Budget.class)
class StreamBudgetTest {

  /** The budget. */
  public static class Budget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "vigil.engine.capacity", "4",
          "vigil.limits.max-audio-in-flight", "70s",
          "vigil.limits.request-timeout", "30s");
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  @Test
  void twoStreamsFillTheBudgetAndAThirdOrAnUploadMustWait() throws Exception {
    double refused =
        Math.max(0, Fixtures.metric("vigil_stream_refusals_total", "reason=\"budget\""));
    byte[] upload = Fixtures.wav(15);
    try (StreamClient a = StreamClient.connect(RestAssured.port);
        StreamClient b = StreamClient.connect(RestAssured.port)) {
      a.start(16000, 1, "pcm_s16le");
      b.start(16000, 1, "pcm_s16le");
      try (StreamClient c = StreamClient.connect(RestAssured.port)) {
        assertClosedWith(
            c,
            1013,
            "queue_full",
            "a stream needs 30 s of the 70 s work budget (vigil.limits.max-audio-in-flight)");
      }
      assertEquals(
          refused + 1, Fixtures.metric("vigil_stream_refusals_total", "reason=\"budget\""));
      given()
          .contentType("audio/wav")
          .body(upload)
          .post("/v1/detect")
          .then()
          .statusCode(503)
          .body("error", equalTo("queue_full"));
      a.end();
      b.end();
      assertClosedWith(a, 1000, "too_short", "stream");
      assertClosedWith(b, 1000, "too_short", "stream");
    }
    given().contentType("audio/wav").body(upload).post("/v1/detect").then().statusCode(200);
  }

  @Test
  void aStreamOpenDuringAReloadFinishesOnItsModelWhichClosesAfterIt() throws Exception {
    byte[] wav = Fixtures.wav(9);
    JsonNode detected = StreamTest.detect(wav);
    byte[] audio = pcm(wav);
    int half = audio.length / 2;
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      sendFrames(c, java.util.Arrays.copyOf(audio, half), 16000);
      assertNotNull(c.next(WAIT), "a window before the reload");
      given().post("/v1/model/reload").then().statusCode(200);
      assertEquals(1.0, Fixtures.metric("vigil_model_retiring", ""), "the old model waits");
      sendFrames(c, java.util.Arrays.copyOfRange(audio, half, audio.length), 16000);
      c.end();
      assertEquals(1000, c.awaitClose(WAIT), c.messages().toString());
      List<JsonNode> messages = StreamTest.parse(c.messages());
      StreamTest.assertSameAsDetect(detected, messages);
    }
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Fixtures.metric("vigil_model_retiring", "") != 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(0.0, Fixtures.metric("vigil_model_retiring", ""), "closed once the stream ended");
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      sendFrames(c, audio, 16000);
      c.end();
      assertEquals(1000, c.awaitClose(WAIT), "a new stream on the new model");
    }
  }
}
