package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/stream} with the {@code %test} limits: windows and result equal to {@code POST
 * /v1/detect} of the same audio (16-bit and float, frames of random sizes), every protocol error
 * with its JSON message and close code, the model's duration limit, too short and silent streams,
 * 20 streams at once, and a client that vanishes.
 */
@QuarkusTest
class StreamTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopClients() {
    CLIENTS.shutdownNow();
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  /** The 16-bit samples of a {@link WarmupAudio} WAV (its 44-byte header dropped). */
  static byte[] pcm(byte[] wav) {
    return Arrays.copyOfRange(wav, 44, wav.length);
  }

  /** The same samples as 32-bit floats (s16 / 32768, as the WAV decoder reads them). */
  static byte[] f32(byte[] s16) {
    ByteBuffer in = ByteBuffer.wrap(s16).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(s16.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    while (in.remaining() >= 2) {
      out.putFloat(in.getShort() / 32768f);
    }
    return out.array();
  }

  /** Sends {@code bytes} in frames of random sizes in [1, maxFrame]. */
  static void sendRandomFrames(StreamClient c, byte[] bytes, int maxFrame, long seed)
      throws Exception {
    Random r = new Random(seed);
    for (int off = 0; off < bytes.length; ) {
      int n = Math.min(bytes.length - off, 1 + r.nextInt(maxFrame));
      c.binary(bytes, off, n);
      off += n;
    }
  }

  /** Sends {@code bytes} in frames of {@code frame} bytes (the last one shorter). */
  static void sendFrames(StreamClient c, byte[] bytes, int frame) throws Exception {
    for (int off = 0; off < bytes.length; off += frame) {
      c.binary(bytes, off, Math.min(frame, bytes.length - off));
    }
  }

  /** Streams the audio and returns every message, after checking the close code. */
  static List<JsonNode> stream(byte[] audio, String encoding, int expectedClose, long seed)
      throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(Fixtures.RATE, 1, encoding);
      sendRandomFrames(c, audio, 16384, seed);
      c.end();
      int code = c.awaitClose(WAIT);
      assertEquals(expectedClose, code, "close code; messages: " + c.messages());
      return parse(c.messages());
    }
  }

  static List<JsonNode> parse(List<StreamClient.Message> messages) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (StreamClient.Message m : messages) {
      out.add(JSON.readTree(m.text()));
    }
    return out;
  }

  /** {@code POST /v1/detect?segments=true} of the WAV. */
  static JsonNode detect(byte[] wav) throws Exception {
    String body =
        given()
            .contentType("audio/wav")
            .body(wav)
            .post("/v1/detect?segments=true")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return JSON.readTree(body);
  }

  /** The stream's windows and result against the upload's verdict, within 1e-6. */
  static void assertSameAsDetect(JsonNode detected, List<JsonNode> messages) {
    JsonNode segments = detected.get("segments");
    assertEquals(segments.size() + 1, messages.size(), "one message per window, then the result");
    for (int i = 0; i < segments.size(); i++) {
      JsonNode w = messages.get(i);
      JsonNode s = segments.get(i);
      assertEquals("window", w.get("event").asText(), w.toString());
      assertEquals(i, w.get("index").asInt(), w.toString());
      assertEquals(s.get("start_s").asDouble(), w.get("start_s").asDouble(), 1e-9, w.toString());
      assertEquals(s.get("end_s").asDouble(), w.get("end_s").asDouble(), 1e-9, w.toString());
      assertEquals(s.get("score").asDouble(), w.get("score").asDouble(), 1e-6, w.toString());
      assertEquals(s.get("silent").asBoolean(), w.get("silent").asBoolean(), w.toString());
      assertEquals(
          s.get("expert_scores").size(), w.get("expert_scores").size(), "expert scores named");
    }
    JsonNode result = messages.get(messages.size() - 1);
    assertEquals("result", result.get("event").asText(), result.toString());
    assertEquals(detected.get("score").asDouble(), result.get("score").asDouble(), 1e-6);
    assertEquals(detected.get("label").asText(), result.get("label").asText());
    assertEquals(detected.get("n_segments").asInt(), result.get("n_segments").asInt());
    assertEquals(detected.get("duration_s").asDouble(), result.get("duration_s").asDouble(), 1e-9);
    assertEquals(detected.get("model_id").asText(), result.get("model_id").asText());
    assertTrue(result.get("error").isNull(), result.toString());
  }

  @Test
  void windowsAndResultEqualTheUploadsVerdict16Bit() throws Exception {
    byte[] wav = Fixtures.wav(10.3);
    JsonNode detected = detect(wav);
    double windows = Math.max(0, Fixtures.metric("vigil_stream_windows_total", ""));
    double ok = Math.max(0, Fixtures.metric("vigil_stream_ends_total", "outcome=\"ok\""));
    List<JsonNode> messages = stream(pcm(wav), "pcm_s16le", 1000, 1);
    assertSameAsDetect(detected, messages);
    assertEquals(6, detected.get("n_segments").asInt(), "10.3 s: 5 regular windows + the last");
    assertEquals(windows + 6, Fixtures.metric("vigil_stream_windows_total", ""), "counted");
    assertTrue(Fixtures.metric("vigil_stream_latency_seconds_count", "") >= 6, "latency recorded");
    assertEquals(ok + 1, Fixtures.metric("vigil_stream_ends_total", "outcome=\"ok\""), "ends ok");
    assertEquals(0.0, Fixtures.metric("vigil_stream_open", ""), "no stream left open");
  }

  @Test
  void windowsAndResultEqualTheUploadsVerdictFloat() throws Exception {
    byte[] wav = Fixtures.wav(7.0);
    JsonNode detected = detect(wav);
    assertSameAsDetect(detected, stream(f32(pcm(wav)), "pcm_f32le", 1000, 2));
  }

  /**
   * Waits for the close and checks its code and the last message: {@code {"error", "message"}}, one
   * line, containing {@code part}.
   */
  static JsonNode assertClosedWith(StreamClient c, int code, String error, String part)
      throws Exception {
    int got = c.awaitClose(WAIT);
    List<StreamClient.Message> messages = c.messages();
    assertEquals(code, got, "close code; messages: " + messages);
    assertFalse(messages.isEmpty(), "an error message before the close");
    JsonNode last = JSON.readTree(messages.get(messages.size() - 1).text());
    assertEquals(error, last.path("error").asText(), last.toString());
    String message = last.path("message").asText();
    assertTrue(message.contains(part), message);
    assertFalse(message.contains("\n"), "one line: " + message);
    assertEquals(2, last.size(), "only error and message: " + last);
    return last;
  }

  /** Sends a start message and expects 1007 bad_request naming {@code part}. */
  private static void assertBadStart(String start, String part) throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.text(start);
      assertClosedWith(c, 1007, "bad_request", part);
    }
  }

  @Test
  void badStartMessagesAre1007NamingTheFieldAndItsValidValues() throws Exception {
    assertBadStart("hello", "the start message is not JSON");
    assertBadStart("[1,2]", "must be a JSON object");
    assertBadStart("{\"channels\":1,\"encoding\":\"pcm_s16le\"}", "sample_rate must be an integer");
    assertBadStart(
        "{\"sample_rate\":\"16k\",\"channels\":1,\"encoding\":\"pcm_s16le\"}",
        "sample_rate must be an integer in [1, 2000000]");
    assertBadStart(
        "{\"sample_rate\":0,\"channels\":1,\"encoding\":\"pcm_s16le\"}",
        "sample_rate must be in [1, 2000000], got 0");
    assertBadStart(
        "{\"sample_rate\":100,\"channels\":1,\"encoding\":\"pcm_s16le\"}",
        "the start message: stream: unsupported sample rate 100 Hz");
    assertBadStart(
        "{\"sample_rate\":16000,\"channels\":0,\"encoding\":\"pcm_s16le\"}",
        "channels must be in [1, 256], got 0");
    assertBadStart(
        "{\"sample_rate\":16000,\"channels\":1,\"encoding\":\"mp3\"}",
        "unknown encoding 'mp3' (valid: pcm_s16le, pcm_f32le)");
    assertBadStart(
        "{\"sample_rate\":16000,\"channels\":1}", "encoding must be one of pcm_s16le, pcm_f32le");
    assertBadStart(
        "{\"sample_rate\":16000,\"channels\":1,\"encoding\":\"pcm_s16le\",\"rate\":8000}",
        "unknown field 'rate' in the start message (valid: sample_rate, channels, encoding)");
  }

  @Test
  void badFramesAre1007() throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.binary(new byte[64], 0, 64);
      assertClosedWith(c, 1007, "bad_request", "binary frame before the start message");
    }
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      c.binary(new byte[3200], 0, 3200);
      c.text("{\"end\":false}");
      assertClosedWith(c, 1007, "bad_request", "expected binary audio frames or {\"end\":true}");
    }
  }

  @Test
  void nonFiniteFloatsAre1007Undecodable() throws Exception {
    byte[] audio = f32(pcm(Fixtures.wav(4.0)));
    ByteBuffer.wrap(audio).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 20000, Float.NaN);
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_f32le");
      sendFrames(c, audio, 16000);
      c.end();
      assertClosedWith(c, 1007, "undecodable", "stream");
    }
  }

  @Test
  void tooShortAndSilentStreamsEndWithTheirErrorAndANormalClose() throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      byte[] audio = pcm(Fixtures.wav(0.3));
      sendFrames(c, audio, 16000);
      c.end();
      assertClosedWith(c, 1000, "too_short", "stream");
    }
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      byte[] audio = pcm(Fixtures.silentWav(4.0));
      sendFrames(c, audio, 16000);
      c.end();
      assertClosedWith(c, 1000, "silence", "stream");
      List<JsonNode> messages = parse(c.messages());
      assertEquals(3, messages.size(), "two silent windows, then the error: " + messages);
      assertTrue(messages.get(0).get("silent").asBoolean(), messages.get(0).toString());
    }
  }

  @Test
  void longerThanTheModelsMaxDurationIs1008() throws Exception {
    // %test: vigil.limits.max-duration=20s, which the model enforces on streams too
    byte[] audio = pcm(Fixtures.wav(21));
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      sendRandomFrames(c, audio, 32000, 3);
      assertClosedWith(c, 1008, "too_long", "stream");
    }
  }

  @Test
  void aPlainGetIs400() {
    given()
        .get("/v1/stream")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("Upgrade: websocket"));
  }

  @Test
  void theHandshakeRefusesCompressionOffered() throws Exception {
    // a deflated frame could inflate a thousandfold past the frame limits, which count wire bytes
    try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      String head =
          "GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits,"
              + " x-webkit-deflate-frame, deflate-frame\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder answer = new StringBuilder();
      java.io.InputStream in = socket.getInputStream();
      int b;
      while (answer.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
        answer.append((char) b);
      }
      String response = answer.toString();
      assertTrue(response.startsWith("HTTP/1.1 101"), response);
      assertFalse(
          response.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"),
          response);
    }
  }

  @Test
  void twentyStreamsAtOnceAllEndWithTheUploadsVerdict() throws Exception {
    byte[] wav = Fixtures.wav(4.5);
    JsonNode detected = detect(wav);
    byte[] audio = pcm(wav);
    List<Future<List<JsonNode>>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long seed = 100 + i;
      all.add(CLIENTS.submit(() -> stream(audio, "pcm_s16le", 1000, seed)));
    }
    for (Future<List<JsonNode>> f : all) {
      assertSameAsDetect(detected, f.get());
    }
    assertEquals(0.0, Fixtures.metric("vigil_stream_open", ""));
  }

  @Test
  void aClientThatVanishesHasItsStreamCancelled() throws Exception {
    double closed =
        Math.max(0, Fixtures.metric("vigil_stream_ends_total", "outcome=\"client_closed\""));
    StreamClient c = StreamClient.connect(RestAssured.port);
    c.start(16000, 1, "pcm_s16le");
    sendFrames(c, pcm(Fixtures.wav(8)), 16000);
    assertNotNull(c.next(WAIT), "a window before the client vanishes");
    assertEquals(1.0, Fixtures.metric("vigil_stream_open", ""));
    assertEquals(1.0, Fixtures.inFlight(), "the stream is an input of the engine");
    c.abort();
    long until = System.nanoTime() + WAIT.toNanos();
    while (Fixtures.inFlight() > 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(0.0, Fixtures.inFlight(), "the session was cancelled");
    assertEquals(0.0, Fixtures.metric("vigil_stream_open", ""));
    assertEquals(
        closed + 1, Fixtures.metric("vigil_stream_ends_total", "outcome=\"client_closed\""));
  }
}
