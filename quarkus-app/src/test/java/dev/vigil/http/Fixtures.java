package dev.vigil.http;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Audio bodies and helpers shared by the HTTP tests. */
final class Fixtures {
  private Fixtures() {}

  static final int RATE = 16000;

  /** 4 s of audio (a chirp over faint noise), 16-bit mono WAV at 16 kHz: two windows. */
  /**
   * Writes the head of a raw {@code POST /v1/detect} (request line, Host, the Content-Type, then
   * {@code headers}, each ending in CRLF, and the blank line), for tests that drive the socket.
   */
  static void writeDetectHead(java.io.OutputStream out, String contentType, String headers)
      throws java.io.IOException {
    out.write(
        ("POST /v1/detect HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + contentType
                + "\r\n"
                + headers
                + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** Reads one response from a raw socket: its head and its body (by Content-Length). */
  static String[] readResponse(java.io.InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    while (!head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.IOException("connection closed in the response head: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(headers);
    org.junit.jupiter.api.Assertions.assertTrue(length.find(), headers);
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return new String[] {headers, new String(body, java.nio.charset.StandardCharsets.UTF_8)};
  }

  static byte[] wav4s() {
    return wav(4.0);
  }

  /** The chirp, of the given length. */
  static byte[] wav(double seconds) {
    return WarmupAudio.wav(RATE, (int) Math.round(seconds * RATE));
  }

  /** The chirp three times as loud: it peaks above 0.75 of full scale. */
  static byte[] loudWav(double seconds) {
    float[] x = WarmupAudio.samples(RATE, (int) Math.round(seconds * RATE));
    for (int i = 0; i < x.length; i++) {
      x[i] *= 3;
    }
    return WarmupAudio.wav(RATE, x);
  }

  /** Digital silence. */
  static byte[] silentWav(double seconds) {
    return WarmupAudio.wav(RATE, new float[(int) Math.round(seconds * RATE)]);
  }

  /** Polls {@code /q/health/ready} until it answers 200. */
  static void awaitReady(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (given().get("/q/health/ready").statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("service not ready within " + timeout);
  }

  /** The engine's in-flight gauge, read from /q/metrics (-1 when absent). */
  static double inFlight() {
    return metric("vigil_engine_files_in_flight", "");
  }

  /** Windows (segments) ONNX Runtime has scored since start-up, warm-up included. */
  static double windowsScored() {
    return metric("vigil_engine_batch_size_segments_sum", "");
  }

  /**
   * A sample of /q/metrics: the first line of {@code name} whose labels contain {@code label} (e.g.
   * {@code result="ok"}; empty for any); -1 when there is none.
   */
  static double metric(String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
            .matcher(given().get("/q/metrics").asString());
    while (m.find()) {
      if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
        return Double.parseDouble(m.group(2));
      }
    }
    return -1;
  }

  /** Ready, and no earlier test's abandoned input still in flight (waits up to 10 s for it). */
  static void awaitReadyAndIdle() throws InterruptedException {
    awaitReady(Duration.ofSeconds(60));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (inFlight() > 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }
}
