package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code vigil.api-key} set, /v1/* needs X-API-Key (a stream in its handshake); health and
 * metrics do not.
 */
@QuarkusTest
@TestProfile(ApiKeyTest.WithKey.class)
class ApiKeyTest {
  static final String KEY = "s3cret-test-key";

  /** Sets the key. */
  public static class WithKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("vigil.api-key", KEY);
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReady(Duration.ofSeconds(60));
  }

  @Test
  void missingOrWrongKeyIs401BeforeTheBodyIsRead() {
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"))
        .body("message", equalTo("missing X-API-Key header"));
    given()
        .header("X-API-Key", "wrong")
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(401)
        .body("message", equalTo("wrong X-API-Key"));
    given().get("/v1/model").then().statusCode(401);
    given().post("/v1/model/reload").then().statusCode(401).body("error", equalTo("unauthorized"));
  }

  @Test
  void rightKeyPasses() {
    given()
        .header("X-API-Key", KEY)
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(200);
    given().header("X-API-Key", KEY).get("/v1/model").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }

  /**
   * A refusal of a request whose body was announced closes the connection, as its {@code
   * Connection: close} says (the body is never read), and is counted among the detect answers.
   */
  @Test
  void aRefusedUploadsConnectionIsClosedAndTheRefusalCounted() throws Exception {
    double before = Fixtures.metric("vigil_detect_requests_seconds_count", "unauthorized");
    try (java.net.Socket socket =
        new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(5_000);
      java.io.OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(out, "audio/wav", "Content-Length: 1000000\r\n");
      out.write(new byte[8192]);
      out.flush();
      java.io.InputStream in = socket.getInputStream();
      String[] r = Fixtures.readResponse(in);
      org.junit.jupiter.api.Assertions.assertTrue(r[0].startsWith("HTTP/1.1 401"), r[0]);
      org.junit.jupiter.api.Assertions.assertTrue(
          r[0].toLowerCase(java.util.Locale.ROOT).contains("connection: close"), r[0]);
      org.junit.jupiter.api.Assertions.assertEquals(-1, in.read(), "connection left open");
    }
    org.junit.jupiter.api.Assertions.assertEquals(
        Math.max(before, 0) + 1,
        Fixtures.metric("vigil_detect_requests_seconds_count", "unauthorized"));
  }

  @Test
  void aStreamNeedsTheKeyInItsHandshake() throws Exception {
    for (Map<String, String> headers :
        List.of(Map.<String, String>of(), Map.of("X-API-Key", "no"))) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> StreamClient.connect("localhost", RestAssured.port, headers));
      WebSocketHandshakeException h =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      assertEquals(401, h.getResponse().statusCode());
      assertTrue(String.valueOf(h.getResponse().body()).contains("unauthorized"), "JSON body");
    }
    try (StreamClient c =
        StreamClient.connect("localhost", RestAssured.port, Map.of("X-API-Key", KEY))) {
      c.start(16000, 1, "pcm_s16le");
      StreamTest.sendFrames(c, StreamTest.pcm(Fixtures.wav4s()), 16000);
      c.end();
      assertEquals(1000, c.awaitClose(StreamTest.WAIT), c.messages().toString());
      assertEquals(3, c.messages().size(), "two windows and the result");
    }
  }
}
