package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Admission by audio seconds: a 10 s budget at a configured 2 audio-s/s, batches that always wait 3
 * s (so requests stay in flight), a 10 s request timeout. Two 4 s requests fit, a third is refused
 * at once with the drain time as {@code Retry-After}, the admitted ones are answered (no 504), and
 * an upload longer than the whole budget is refused with 422 before any work.
 */
@QuarkusTest
@TestProfile(WorkAdmissionTest.Budget.class)
class WorkAdmissionTest {

  /** The budget. */
  public static class Budget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "vigil.engine.capacity", "2",
          "vigil.limits.max-audio-in-flight", "10s",
          "vigil.engine.max-wait", "3s",
          "vigil.engine.full-wait", "true",
          "vigil.limits.request-timeout", "10s");
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  /**
   * A thread per request: the common pool has one thread on two cores, so a second request would
   * wait for the first to be answered.
   */
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  private static CompletableFuture<Response> postAsync(byte[] wav) {
    return CompletableFuture.supplyAsync(
        () -> given().contentType("audio/wav").body(wav).post("/v1/detect"), CLIENTS);
  }

  private static void awaitInFlight(int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Fixtures.inFlight() < n && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(n, Fixtures.inFlight(), n + " requests not admitted");
  }

  @Test
  void whatFitsIsAnsweredAndTheRestIsRefusedAtOnceWithTheDrainTime() throws Exception {
    byte[] wav = Fixtures.wav4s();
    CompletableFuture<Response> first = postAsync(wav);
    awaitInFlight(1);
    CompletableFuture<Response> second = postAsync(wav);
    awaitInFlight(2);
    long t0 = System.nanoTime();
    // 8 s in flight + 4 s is 2 s over the budget: 1 s of scoring at 2 audio-s/s drains it
    given()
        .contentType("audio/wav")
        .body(wav)
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .header("Retry-After", "1")
        .body("error", equalTo("queue_full"))
        .body("message", containsString("vigil.limits.max-audio-in-flight"));
    assertEquals(true, System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "not at once");
    // a configured capacity is not re-measured: the budget stays as set
    assertEquals(10.0, Fixtures.metric("vigil_admission_budget_seconds", ""));
    assertEquals(2.0, Fixtures.metric("vigil_admission_capacity", ""));
    assertEquals(200, first.get().statusCode(), first.get().asString());
    assertEquals(200, second.get().statusCode(), second.get().asString());
    // the budget is given back: the next request is admitted
    given().contentType("audio/wav").body(wav).post("/v1/detect").then().statusCode(200);
  }

  @Test
  void anUploadLongerThanTheWholeBudgetIsRefusedBeforeAnyWork() {
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(12))
        .post("/v1/detect")
        .then()
        .statusCode(422)
        .body("error", equalTo("too_long"))
        .body("message", containsString("12 s of audio is more than this service scores"));
    assertEquals(0.0, Fixtures.inFlight());
  }

  /**
   * The first 8 KiB of a WAV state its duration: a request that does not fit is refused before the
   * rest of its body is sent, read or stored.
   */
  @Test
  void aWavThatDoesNotFitIsRefusedFromItsHeaderBeforeItsBodyIsRead() throws Exception {
    String[] tooLong = postHeadOnly(Fixtures.wav(12));
    assertTrue(tooLong[0].startsWith("HTTP/1.1 422"), tooLong[0]);
    assertTrue(tooLong[1].contains("\"error\":\"too_long\""), tooLong[1]);
    byte[] wav = Fixtures.wav4s();
    CompletableFuture<Response> first = postAsync(wav);
    awaitInFlight(1);
    CompletableFuture<Response> second = postAsync(wav);
    awaitInFlight(2);
    String[] busy = postHeadOnly(wav);
    assertTrue(busy[0].startsWith("HTTP/1.1 503"), busy[0]);
    assertTrue(busy[0].toLowerCase(java.util.Locale.ROOT).contains("retry-after: 1"), busy[0]);
    assertTrue(busy[1].contains("\"error\":\"queue_full\""), busy[1]);
    assertEquals(200, first.get().statusCode(), first.get().asString());
    assertEquals(200, second.get().statusCode(), second.get().asString());
    assertEquals(0.0, Fixtures.inFlight());
  }

  /** Sends the request head with the whole length, then only 8 KiB of the body; the answer. */
  private static String[] postHeadOnly(byte[] wav) throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(5_000); // the rest is never sent: an answer must come without it
      java.io.OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(out, "audio/wav", "Content-Length: " + wav.length + "\r\n");
      out.write(wav, 0, 8192);
      out.flush();
      return Fixtures.readResponse(socket.getInputStream());
    }
  }
}
