package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime failing one batch: the served test model's graph holds a Gather whose index is
 * computed from the batch's waveform, out of range when a window is loud, so ONNX Runtime itself
 * fails that run. A quiet request and a loud one share a batch (it always waits 4 s to fill): both
 * get 500 {@code internal} with an incident id, the next batch works, and the service stays ready.
 * A loud stream's failed batch closes it with 1011 {@code internal}.
 */
@QuarkusTest
@TestProfile(BatchFailureTest.TrapModel.class)
class BatchFailureTest {

  /** The trap model; batches that wait 4 s; a configured capacity (no measurement at start). */
  public static class TrapModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "vigil.model.path", "target/test-models/classic_waveform-fails_when_loud.onnx",
          "vigil.engine.max-wait", "4s",
          "vigil.engine.full-wait", "true",
          "vigil.engine.capacity", "20");
    }
  }

  /** A thread per request, so that the second is sent while the first waits. */
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  private static CompletableFuture<Response> postAsync(byte[] wav) {
    return CompletableFuture.supplyAsync(
        () -> given().contentType("audio/wav").body(wav).post("/v1/detect"), CLIENTS);
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  @Test
  void aBatchOnnxRuntimeFailsIs500ForItsRequestsAndTheNextBatchWorks() throws Exception {
    double failed = Math.max(0, Fixtures.metric("vigil_engine_files_total", "result=\"failed\""));
    CompletableFuture<Response> quiet = postAsync(Fixtures.wav4s());
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Fixtures.inFlight() < 1 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(1.0, Fixtures.inFlight(), "first request not admitted");
    CompletableFuture<Response> loud = postAsync(Fixtures.loudWav(4));
    String first = assertInternal(quiet.get());
    String second = assertInternal(loud.get());
    assertNotEquals(first, second, "one incident per request");
    assertEquals(
        failed + 2, Fixtures.metric("vigil_engine_files_total", "result=\"failed\""), "failed");

    given().get("/q/health/ready").then().statusCode(200);
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("label", org.hamcrest.Matchers.notNullValue());
    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void aStreamWhoseBatchOnnxRuntimeFailsIsClosedWith1011() throws Exception {
    byte[] loud = StreamTest.pcm(Fixtures.loudWav(4));
    try (StreamClient c = StreamClient.connect(io.restassured.RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      StreamTest.sendFrames(c, loud, 16000);
      c.end();
      String message =
          StreamTest.assertClosedWith(c, 1011, "internal", "internal error (incident ")
              .get("message")
              .asText();
      assertTrue(
          message.matches("internal error \\(incident [0-9a-f-]{36}; see the server log\\)"),
          message);
    }
    given().get("/q/health/ready").then().statusCode(200);
  }

  /** A 500 {@code internal} whose message carries an incident id and nothing else; the id. */
  private static String assertInternal(Response r) {
    assertEquals(500, r.statusCode(), r.asString());
    assertEquals("application/json", r.contentType().split(";")[0]);
    r.then().body("error", equalTo("internal"));
    String message = r.jsonPath().getString("message");
    assertTrue(
        message.matches("internal error \\(incident [0-9a-f-]{36}; see the server log\\)"),
        message);
    return message;
  }
}
