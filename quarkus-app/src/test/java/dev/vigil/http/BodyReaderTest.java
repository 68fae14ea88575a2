package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioSource;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body reader on its own: raw and multipart bodies in chunks of every size, the heap and the
 * temporary-file paths, the refusals, and that nothing is left behind. Runs inside Quarkus so that
 * main classes load in its class loader only (see docs/http.md).
 */
@io.quarkus.test.junit.QuarkusTest
class BodyReaderTest {
  private static final String TYPE = "multipart/form-data; boundary=XyZ";

  @TempDir Path spill;

  private BodyMemory memory = new BodyMemory(1 << 20);

  @AfterEach
  void nothingLeftBehind() throws IOException {
    assertEquals(0, memory.used(), "body memory still held");
    try (Stream<Path> files = Files.list(spill)) {
      assertEquals(0, files.count(), "temporary files left in " + spill);
    }
  }

  private BodyLimits limits(long max, long threshold) {
    return new BodyLimits(max, threshold, spill);
  }

  private static byte[] form(String... partsThenContent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < partsThenContent.length; i += 2) {
      out.writeBytes(
          ("--XyZ\r\n" + partsThenContent[i] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(partsThenContent[i + 1].getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Reads {@code body} in chunks of {@code chunk} bytes. */
  private Upload read(String type, byte[] body, int chunk, BodyLimits limits, boolean declared) {
    BodyReader r = BodyReader.open(type, declared ? body.length : -1, limits, memory);
    for (int i = 0; i < body.length; i += chunk) {
      r.offer(Unpooled.wrappedBuffer(body, i, Math.min(chunk, body.length - i)));
    }
    return r.finish();
  }

  private static byte[] bytes(AudioSource s) throws IOException {
    return s.bytes() != null ? s.bytes() : Files.readAllBytes(s.path());
  }

  @Test
  void findsTheFieldFileWithItsNameAndExactBytesInChunksOfAnySize() throws IOException {
    // CRs, LFs and near-delimiters inside, a CR at the end
    String binary = "RIFF\r\n--Xy\r\n\u0000\u00ff\r--XyZ\n--Xy\r\r";
    byte[] body =
        form(
            "Content-Disposition: form-data; name=\"note\"",
            "hello",
            "Content-Disposition: form-data; name=\"file\"; filename=\"a b.wav\"\r\n"
                + "Content-Type: audio/wav",
            binary);
    for (int chunk = 1; chunk <= body.length; chunk++) {
      for (long threshold : new long[] {0, 8, 1 << 20}) {
        Upload u = read(TYPE, body, chunk, limits(1 << 20, threshold), chunk % 2 == 0);
        try {
          assertEquals("a b.wav", u.source().name());
          assertArrayEquals(binary.getBytes(StandardCharsets.ISO_8859_1), bytes(u.source()));
          assertEquals(threshold < binary.length(), u.inFile(), "chunk " + chunk);
        } finally {
          u.release();
        }
      }
    }
  }

  @Test
  void aFieldWithoutFileNameAQuotedBoundaryAndDirectoriesInTheName() throws IOException {
    byte[] body = form("Content-Disposition: form-data; name=\"file\"", "abc");
    Upload u = read("multipart/form-data; boundary=\"XyZ\"", body, 5, limits(1000, 1000), true);
    assertEquals("upload", u.source().name());
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), bytes(u.source()));
    u.release();
    byte[] named =
        form("Content-Disposition: form-data; name=\"file\"; filename=\"../x/c.wav\"", "abc");
    u = read(TYPE, named, 100, limits(1000, 1000), false);
    assertEquals("c.wav", u.source().name());
    u.release();
  }

  @Test
  void missingOrEmptyFieldFileIsA400NamingTheFieldsPresent() {
    byte[] body =
        form(
            "Content-Disposition: form-data; name=\"audio\"; filename=\"x.wav\"",
            "x",
            "Content-Disposition: form-data; name=\"note\"",
            "y");
    ApiException e =
        assertThrows(ApiException.class, () -> read(TYPE, body, 4, limits(1000, 10), true));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("no field 'file'"), e.getMessage());
    assertTrue(e.getMessage().contains("[audio, note]"), e.getMessage());
    byte[] empty = form("Content-Disposition: form-data; name=\"file\"; filename=\"e.wav\"", "");
    e = assertThrows(ApiException.class, () -> read(TYPE, empty, 4, limits(1000, 10), true));
    assertEquals(ErrorCode.EMPTY, e.code());
    assertTrue(e.getMessage().startsWith("e.wav: "), e.getMessage());
  }

  @Test
  void malformedFormsAre400() {
    byte[] good = form("Content-Disposition: form-data; name=\"file\"", "abcdefgh");
    byte[] truncated = Arrays.copyOf(good, good.length - 14);
    for (long threshold : new long[] {0, 1000}) {
      ApiException e =
          assertThrows(
              ApiException.class, () -> read(TYPE, truncated, 3, limits(1000, threshold), true));
      assertEquals(ErrorCode.BAD_REQUEST, e.code());
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
    byte[] junk = "no delimiter".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(ApiException.class, () -> read(TYPE, junk, 3, limits(1000, 0), true)).code());
    for (String type :
        new String[] {
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "multipart/form-data; boundary=\"a\\\"b\"",
          "multipart/form-data; boundary=a\u0000b",
          "multipart/form-data; boundary=" + "x".repeat(201)
        }) {
      ApiException e =
          assertThrows(ApiException.class, () -> read(type, good, 3, limits(1000, 0), true));
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), type);
      assertTrue(e.getMessage().contains("boundary"), e.getMessage());
    }
    for (String header :
        new String[] {
          "Content-Disposition: form-data; name=\"file\"; foo", // a parameter without '='
          "Content-Disposition: form-data; name=\"file\"\r\nContent-Type: a/b; charset=@@"
        }) {
      byte[] form = form(header, "abc");
      ApiException e =
          assertThrows(ApiException.class, () -> read(TYPE, form, 7, limits(1000, 0), true));
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), header);
      assertTrue(e.getMessage().startsWith("multipart body: a part header"), e.getMessage());
    }
    byte[] badHeader =
        ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "x".repeat(FormParts.MAX_BUFFERED_BYTES + 10))
            .getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                ApiException.class, () -> read(TYPE, badHeader, 4096, limits(1 << 20, 0), true))
            .code());
  }

  @Test
  void everyBoundaryCharacterOfRfc2046Works() throws IOException {
    String b = "0aZ'()+_,-./:=? x";
    byte[] body =
        ("--"
                + b
                + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--"
                + b
                + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (int chunk = 1; chunk <= body.length; chunk++) {
      Upload u =
          read("multipart/form-data; boundary=\"" + b + "\"", body, chunk, limits(1000, 1), true);
      try {
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), bytes(u.source()));
      } finally {
        u.release();
      }
    }
  }

  @Test
  void rawBodiesStayInTheHeapUpToTheThresholdAndSpillAboveIt() throws IOException {
    byte[] body = new byte[10_000];
    new Random(1).nextBytes(body);
    for (boolean declared : new boolean[] {true, false}) {
      Upload small = read("audio/wav", body, 999, limits(1 << 20, 10_000), declared);
      assertFalse(small.inFile());
      assertEquals(body.length, memory.used(), "the heap held is the trimmed array");
      assertArrayEquals(body, bytes(small.source()));
      small.release();
      Upload big = read("audio/wav", body, 999, limits(1 << 20, 9_999), declared);
      assertTrue(big.inFile());
      assertEquals(0, memory.used());
      assertArrayEquals(body, bytes(big.source()));
      assertEquals("upload", big.source().name());
      assertTrue(Files.exists(big.source().path()));
      Path file = big.source().path();
      big.retain();
      big.release();
      assertTrue(Files.exists(file), "still held by the second holder");
      big.release();
      assertFalse(Files.exists(file));
    }
  }

  @Test
  void aBodyDeclaredAboveTheThresholdGoesToAFileFromItsFirstByte() throws IOException {
    BodyReader r = BodyReader.open("audio/wav", 20_000, limits(1 << 20, 10_000), memory);
    r.offer(Unpooled.wrappedBuffer(new byte[100]));
    assertEquals(0, memory.used());
    try (Stream<Path> files = Files.list(spill)) {
      assertEquals(1, files.count());
    }
    r.abort();
  }

  @Test
  void aFormWithoutFileNamesAtMostTenFields() {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      form.append("--XyZ\r\nContent-Disposition: form-data; name=\"f")
          .append(i)
          .append("\"\r\n\r\nx\r\n");
    }
    form.append("--XyZ--\r\n");
    byte[] body = form.toString().getBytes(StandardCharsets.US_ASCII);
    ApiException e =
        assertThrows(ApiException.class, () -> read(TYPE, body, 50, limits(1 << 20, 0), true));
    assertTrue(
        e.getMessage().endsWith("[f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, ... 2 more])"),
        e.getMessage());
  }

  @Test
  void aMissingSpillDirectoryFailsTheUploadAndHoldsNothing() {
    BodyLimits missing = new BodyLimits(1 << 20, 10, spill.resolve("absent"));
    BodyReader r = BodyReader.open("audio/wav", -1, missing, memory);
    r.offer(Unpooled.wrappedBuffer(new byte[10]));
    assertEquals(10, memory.used());
    java.io.UncheckedIOException e =
        assertThrows(
            java.io.UncheckedIOException.class, () -> r.offer(Unpooled.wrappedBuffer(new byte[1])));
    assertTrue(e.getMessage().contains("absent"), e.getMessage());
    r.abort();
  }

  @Test
  void aFullBodyMemorySendsEvenASmallBodyToAFile() throws IOException {
    memory = new BodyMemory(5_000);
    byte[] body = new byte[4_000];
    Upload first = read("application/octet-stream", body, 1000, limits(1 << 20, 1 << 20), true);
    assertFalse(first.inFile());
    assertEquals(4_000, memory.used());
    Upload second = read("video/mp4", body, 1000, limits(1 << 20, 1 << 20), true);
    assertTrue(second.inFile(), "no room left in the body memory");
    assertArrayEquals(body, bytes(second.source()));
    first.release();
    second.release();
  }

  @Test
  void aBodyPastTheLimitIsRefusedAsSoonAsItPassesIt() {
    byte[] body = new byte[5_000];
    for (String type : new String[] {"audio/wav", TYPE}) {
      BodyReader r = BodyReader.open(type, -1, limits(4_096, 1_000), memory);
      r.offer(Unpooled.wrappedBuffer(body, 0, 4_096));
      ApiException e =
          assertThrows(ApiException.class, () -> r.offer(Unpooled.wrappedBuffer(body, 0, 1)));
      assertEquals(ErrorCode.BODY_TOO_LARGE, e.code());
      assertTrue(e.getMessage().contains("4096"), e.getMessage());
      r.abort();
    }
    ApiException declared =
        assertThrows(
            ApiException.class,
            () -> BodyReader.open("audio/wav", 5_000, limits(4_096, 0), memory));
    assertEquals(ErrorCode.BODY_TOO_LARGE, declared.code());
  }

  @Test
  void abortFreesAPartlyReadBodyAndTypesAreCheckedFirst() {
    for (String type : new String[] {"audio/wav", TYPE}) {
      BodyReader r = BodyReader.open(type, -1, limits(1 << 20, 100), memory);
      byte[] head =
          "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      r.offer(Unpooled.wrappedBuffer(head));
      r.offer(Unpooled.wrappedBuffer(new byte[1000]));
      r.abort();
      r.abort();
    }
    for (String type : new String[] {null, "", "text/plain", "multipart/mixed; boundary=a"}) {
      assertEquals(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          assertThrows(ApiException.class, () -> BodyReader.open(type, 10, limits(100, 10), memory))
              .code());
    }
    assertEquals(
        ErrorCode.EMPTY,
        assertThrows(
                ApiException.class, () -> read("audio/wav", new byte[0], 1, limits(100, 10), false))
            .code());
  }

  @Test
  void parameterParsing() {
    assertEquals("x;y", FormParts.parameter("form-data; name=\"x;y\"", "name"));
    assertEquals("q\"q", FormParts.parameter("form-data; name=\"q\\\"q\"", "name"));
    assertEquals(
        "b", FormParts.parameter("multipart/form-data; charset=utf-8; BOUNDARY=b", "boundary"));
    assertNull(FormParts.parameter("form-data", "name"));
  }
}
