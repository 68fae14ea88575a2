package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One request in flight at most, and a batch that always waits 6 s to fill ({@code full-wait})
 * while requests may take only 3 s: the first request times out (504) and a second one sent
 * meanwhile finds the queue full (503 with Retry-After); a request past its deadline has none of
 * its windows scored once the batch's wait is over.
 */
@QuarkusTest
@TestProfile(BusyTest.OneAtATime.class)
class BusyTest {

  /** The limits. */
  public static class OneAtATime implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "vigil.engine.max-in-flight", "1",
          "vigil.engine.max-wait", "6s",
          "vigil.engine.full-wait", "true",
          "vigil.limits.request-timeout", "3s",
          "vigil.limits.max-audio-in-flight", "0s", // requests only counted: the count is tested
          "vigil.limits.retry-after-seconds", "7");
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  @Test
  void pastTheDeadlineIs504AndAFullQueueIs503WithRetryAfter() throws Exception {
    byte[] wav = Fixtures.wav4s();
    CompletableFuture<Response> first =
        CompletableFuture.supplyAsync(
            () -> given().contentType("audio/wav").body(wav).post("/v1/detect"));
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Fixtures.inFlight() < 1 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(1.0, Fixtures.inFlight(), "first request not admitted");
    given()
        .contentType("audio/wav")
        .body(wav)
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .header("Retry-After", "7")
        .body("error", equalTo("queue_full"));
    Response r = first.get();
    assertEquals(504, r.statusCode(), r.asString());
    assertEquals("deadline_exceeded", r.jsonPath().getString("error"));
  }

  @Test
  void aRequestPastItsDeadlineStopsUsingTheEngine() throws Exception {
    double before = Fixtures.windowsScored();
    long start = System.nanoTime();
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(504)
        .body("error", equalTo("deadline_exceeded"));
    // its two windows wait in a batch until 6 s after they were read; wait past that
    Thread.sleep(
        Math.max(0, Duration.ofSeconds(8).toMillis() - (System.nanoTime() - start) / 1_000_000));
    assertEquals(before, Fixtures.windowsScored(), "windows scored after the deadline");
  }
}
