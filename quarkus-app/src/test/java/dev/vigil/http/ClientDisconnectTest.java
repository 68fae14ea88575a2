package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its connection while its upload is being scored has its work cancelled: the
 * windows ONNX Runtime scores stop growing long before the file would have been finished, the input
 * leaves the engine and its audio seconds go back to the admission budget. The model is the slow
 * test model (each window costs a chain of matrix products, about a quarter of a second on the
 * build machine), batches hold two windows, and the request timeout is far away.
 */
@QuarkusTest
@TestProfile(SlowModel.class)
class ClientDisconnectTest {

  /** 60 s of audio: 39 windows. */
  private static final double SECONDS = 60;

  private static final int WINDOWS = 39;

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  @Test
  void aClientThatDisconnectsHasItsWorkCancelled() throws Exception {
    double before = Fixtures.windowsScored();
    double closedBefore = Fixtures.metric("vigil_detect_requests_seconds_count", "client_closed");
    byte[] wav = Fixtures.wav(SECONDS);
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(out, "audio/wav", "Content-Length: " + wav.length + "\r\n");
      out.write(wav);
      out.flush();
      // scoring has begun: a first batch of its windows is done
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (Fixtures.windowsScored() <= before && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertTrue(Fixtures.windowsScored() > before, "scoring never began");
    } // closed, long before the answer
    double scored = settled(Duration.ofSeconds(3), Duration.ofSeconds(60)) - before;
    assertTrue(
        scored < WINDOWS / 2.0,
        scored + " of its " + WINDOWS + " windows scored: the work went on after the client left");
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Fixtures.inFlight() != 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(0.0, Fixtures.inFlight(), "the abandoned input is still in the engine");
    assertTrue(
        Fixtures.metric("vigil_detect_requests_seconds_count", "client_closed") > closedBefore,
        "no client_closed outcome recorded");
    // its 60 s went back to the 70 s budget: 12 s more fit
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(12))
        .post("/v1/detect")
        .then()
        .statusCode(200);
  }

  /** The windows scored once they have not changed for {@code quiet}. */
  private static double settled(Duration quiet, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    double last = Fixtures.windowsScored();
    long changed = System.nanoTime();
    while (System.nanoTime() - changed < quiet.toNanos()) {
      if (System.nanoTime() - start > timeout.toNanos()) {
        throw new AssertionError("windows scored still growing after " + timeout);
      }
      Thread.sleep(200);
      double now = Fixtures.windowsScored();
      if (now != last) {
        last = now;
        changed = System.nanoTime();
      }
    }
    return last;
  }
}
