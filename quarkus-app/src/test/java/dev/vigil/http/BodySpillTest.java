package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies read as they arrive (the test profile: 1M body limit, spill threshold 100K, temporary
 * files in target/test-spill): a body above the threshold is scored from its file exactly as the
 * library scores the bytes, and the file is gone afterwards, also after errors, refusals and a
 * client that hangs up; a chunked body past the limit is refused while it is still being sent; the
 * heap held by bodies returns to 0.
 */
@QuarkusTest
class BodySpillTest {

  private static Path spillDirectory() {
    return Path.of(
        ConfigProvider.getConfig().getValue("vigil.limits.spill-directory", String.class));
  }

  private static long spillFiles() {
    try (Stream<Path> files = Files.list(spillDirectory())) {
      return files.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static double metric(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$")
            .matcher(given().get("/q/metrics").asString());
    assertTrue(m.find(), name + " not in /q/metrics");
    return Double.parseDouble(m.group(1));
  }

  private static double spilled() {
    return metric("vigil_body_spilled_total");
  }

  private static double bodyMemory() {
    return metric("vigil_body_memory_bytes");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void awaitNothingHeld() throws InterruptedException {
    await("no temporary file left (" + spillFiles() + ")", () -> spillFiles() == 0);
    await("body memory back to 0 (" + bodyMemory() + ")", () -> bodyMemory() == 0);
  }

  private static double libraryScore(byte[] audio) throws Exception {
    Path model = Path.of(ConfigProvider.getConfig().getValue("vigil.model.path", String.class));
    try (Detector d =
        Detector.open(DetectorOptions.defaults().withModelPath(model).withDevice("cpu"))) {
      return d.detect(AudioSource.of(audio, "upload")).get(0).score();
    }
  }

  /** Files an earlier, aborted test run may have left (the service deletes only its own). */
  @BeforeAll
  static void removeLeftovers() throws IOException {
    Files.createDirectories(spillDirectory());
    try (Stream<Path> files = Files.list(spillDirectory())) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
    awaitNothingHeld();
  }

  @AfterEach
  void nothingLeft() throws InterruptedException {
    awaitNothingHeld();
  }

  @Test
  void aBodyAboveTheThresholdIsScoredFromItsFileAsTheLibraryScoresTheBytes() throws Exception {
    byte[] small = Fixtures.wav(3.0); // 96 KB: in the heap
    byte[] large = Fixtures.wav4s(); // 128 KB: above the 100K threshold
    assertTrue(small.length < 100 * 1024 && large.length > 100 * 1024);
    double before = spilled();
    double inHeap =
        given()
            .contentType("audio/wav")
            .body(small)
            .post("/v1/detect")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getDouble("score");
    assertEquals(before, spilled(), "a 96 KB body stays in the heap");
    double raw =
        given()
            .contentType("audio/wav")
            .body(large)
            .post("/v1/detect")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getDouble("score");
    double form =
        given()
            .multiPart("note", "ignored")
            .multiPart("file", "big.wav", large, "audio/wav")
            .post("/v1/detect")
            .then()
            .statusCode(200)
            .body("path", equalTo("big.wav"))
            .extract()
            .jsonPath()
            .getDouble("score");
    assertEquals(before + 2, spilled(), "the raw and the multipart 128 KB bodies went to files");
    assertEquals(libraryScore(small), inHeap, 1e-6);
    assertEquals(libraryScore(large), raw, 1e-6);
    assertEquals(raw, form, 0.0);
  }

  @Test
  void errorsAndRefusalsLeaveNoFile() throws Exception {
    byte[] junk = new byte[200 * 1024];
    new Random(5).nextBytes(junk);
    given()
        .contentType("application/octet-stream")
        .body(junk)
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("error", equalTo("undecodable"));
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(25)) // 800 KB, longer than the test profile's 20 s
        .post("/v1/detect")
        .then()
        .statusCode(422)
        .body("error", equalTo("too_long"));
    given()
        .multiPart("audio", "x.wav", Fixtures.wav4s(), "audio/wav")
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("message", containsString("no field 'file'"));
    given()
        .contentType("audio/wav")
        .queryParam("threshold", "2")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(400);
    byte[] form = multipart(Fixtures.wav4s());
    byte[] truncated = java.util.Arrays.copyOf(form, form.length - 20);
    given()
        .contentType("multipart/form-data; boundary=" + BOUNDARY)
        .body(truncated)
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("message", containsString("truncated"));
  }

  private static final String BOUNDARY = "vigil-test-boundary";

  private static byte[] multipart(byte[] audio) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(audio);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Reads one HTTP/1.1 response with a Content-Length: status line and body. */
  @Test
  void aChunkedBodyPastTheLimitIsRefusedWhileItIsStillBeingSent() throws Exception {
    AtomicLong sent = new AtomicLong();
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(out, "audio/wav", "Transfer-Encoding: chunked\r\n");
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                  // 1.5 MB against the 1M limit, and never the last chunk: the body does not end
                  for (int i = 0; i < 24; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes());
                    out.write(chunk);
                    out.write("\r\n".getBytes());
                    out.flush();
                    sent.addAndGet(chunk.length);
                  }
                } catch (IOException closedByTheServer) {
                  // expected once the server has answered and closed
                }
              });
      writer.start();
      String[] response = Fixtures.readResponse(socket.getInputStream());
      assertTrue(response[0].startsWith("HTTP/1.1 413"), response[0]);
      assertTrue(response[0].toLowerCase().contains("connection: close"), response[0]);
      assertTrue(response[0].contains("application/json"), response[0]);
      assertTrue(response[1].contains("\"error\":\"body_too_large\""), response[1]);
      assertTrue(response[1].contains("1048576"), response[1]);
      long t0 = System.nanoTime();
      try {
        assertEquals(-1, socket.getInputStream().read(), "the server closes the connection");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection stayed open", e);
      } catch (IOException reset) {
        // closed with a reset: also closed
      }
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
      writer.join(10_000);
    }
    assertTrue(sent.get() <= 24 * 64 * 1024);
  }

  @Test
  void expectContinueIsAnsweredOnlyWhenTheBodyIsWanted() throws Exception {
    byte[] wav = Fixtures.wav4s();
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(
          out, "text/plain", "Expect: 100-continue\r\nContent-Length: " + wav.length + "\r\n");
      out.flush();
      String[] refused = Fixtures.readResponse(socket.getInputStream());
      assertTrue(refused[0].startsWith("HTTP/1.1 415"), refused[0]);
    }
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      Fixtures.writeDetectHead(
          out, "audio/wav", "Expect: 100-continue\r\nContent-Length: " + wav.length + "\r\n");
      out.flush();
      String interim = new String(in.readNBytes(25), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim);
      out.write(wav);
      out.flush();
      String[] scored = Fixtures.readResponse(in);
      assertTrue(scored[0].startsWith("HTTP/1.1 200"), scored[0]);
      assertTrue(scored[1].contains("\"n_segments\":2"), scored[1]);
    }
  }

  @Test
  void aClientThatHangsUpLeavesNothing() throws Exception {
    for (int length : new int[] {90_000, 300_000}) {
      boolean inFile = length > 100 * 1024;
      try (Socket socket = new Socket("localhost", RestAssured.port)) {
        OutputStream out = socket.getOutputStream();
        Fixtures.writeDetectHead(out, "audio/wav", "Content-Length: " + length + "\r\n");
        out.write(Fixtures.wav(8.0), 0, length * 2 / 3);
        out.flush();
        if (inFile) {
          await("a temporary file while the body arrives", () -> spillFiles() == 1);
        } else {
          // the heap array is sized for the declared length at the first chunk
          await("the body's heap held", () -> bodyMemory() == length);
        }
      }
      awaitNothingHeld();
    }
    // the whole body sent, the client gone before the answer: the engine's hold outlives the
    // request's
    double before = spilled();
    byte[] wav = Fixtures.wav4s();
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      OutputStream out = socket.getOutputStream();
      Fixtures.writeDetectHead(out, "audio/wav", "Content-Length: " + wav.length + "\r\n");
      out.write(wav);
      out.flush();
      await("the whole body read into a file", () -> spilled() == before + 1);
    }
    awaitNothingHeld();
  }

  @Test
  void theHeapHeldByBodiesReturnsToZeroAfterABurst() throws Exception {
    byte[] small = Fixtures.wav(3.0);
    byte[] large = Fixtures.wav4s();
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] body = i % 4 == 0 ? large : small;
        calls.add(
            () -> given().contentType("audio/wav").body(body).post("/v1/detect").statusCode());
      }
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    awaitNothingHeld();
  }
}
