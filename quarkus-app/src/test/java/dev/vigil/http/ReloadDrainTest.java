package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reload while a long upload is being scored ({@link SlowModel}): the upload finishes with 200 on
 * the replaced model, which closes only then; until it does, the new model's admission budget also
 * holds that upload's audio, so the reload does not admit twice the work.
 */
@QuarkusTest
@TestProfile(SlowModel.class)
class ReloadDrainTest {

  /** A thread for the long request. */
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  @Test
  void aRequestInFlightFinishesOnTheReplacedModelWhichClosesAfterIt() throws Exception {
    double before = Fixtures.windowsScored();
    CompletableFuture<Response> running =
        CompletableFuture.supplyAsync(
            () -> given().contentType("audio/wav").body(Fixtures.wav(40)).post("/v1/detect"),
            CLIENTS);
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    // in the engine, and scored: a batch of the test before (its input cancelled, so no longer
    // in flight) may still finish and count its windows after this test began
    while ((Fixtures.inFlight() < 1 || Fixtures.windowsScored() <= before)
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(1.0, Fixtures.inFlight(), "the upload never reached the engine");
    long began = System.nanoTime();
    assertTrue(Fixtures.windowsScored() > before, "scoring never began");

    given().post("/v1/model/reload").then().statusCode(200);
    assertEquals(1.0, Fixtures.metric("vigil_model_retiring", ""), "replaced model not draining");
    // the new budget (70 s) still holds the 40 s being scored: 40 s more do not fit
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(40))
        .post("/v1/detect")
        .then()
        .statusCode(503)
        .body("error", equalTo("queue_full"));

    Response r = running.get();
    assertEquals(200, r.statusCode(), r.asString());
    // the premise: the first upload was still being scored while the above was checked
    double seconds = (System.nanoTime() - began) / 1e9;
    assertTrue(
        seconds > 1, "the 40 s upload was scored in " + seconds + " s: make SlowModel slower");
    until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Fixtures.metric("vigil_model_retiring", "") != 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(0.0, Fixtures.metric("vigil_model_retiring", ""), "replaced model not closed");
    assertEquals(0.0, Fixtures.inFlight());
  }
}
