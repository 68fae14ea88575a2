package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs inside Quarkus so that main classes load in its class loader only (see docs/http.md). */
@io.quarkus.test.junit.QuarkusTest
class MultipartBodyTest {
  private static final String TYPE = "multipart/form-data; boundary=XyZ";

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

  @Test
  void findsTheNamedPartWithItsFileNameAndTypeAndExactBytes() {
    String binary = "RIFF\r\n--Xy\r\n\u0000\u00ff"; // CRLF and a near-boundary inside the content
    byte[] body =
        form(
            "Content-Disposition: form-data; name=\"note\"",
            "hello",
            "Content-Disposition: form-data; name=\"file\"; filename=\"a b.wav\"\r\n"
                + "Content-Type: audio/wav",
            binary);
    MultipartBody.Part p = MultipartBody.find(body, TYPE, "file");
    assertEquals("file", p.name());
    assertEquals("a b.wav", p.filename());
    assertEquals("audio/wav", p.contentType());
    assertArrayEquals(binary.getBytes(StandardCharsets.ISO_8859_1), p.content());
  }

  @Test
  void emptyPartAndQuotedBoundary() {
    byte[] body = form("Content-Disposition: form-data; name=\"file\"", "");
    MultipartBody.Part p =
        MultipartBody.find(body, "multipart/form-data; boundary=\"XyZ\"", "file");
    assertEquals(0, p.content().length);
    assertNull(p.filename());
  }

  @Test
  void missingFieldNamesTheFieldsPresent() {
    byte[] body = form("Content-Disposition: form-data; name=\"audio\"", "x");
    ApiException e = assertThrows(ApiException.class, () -> MultipartBody.find(body, TYPE, "file"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("[audio]"), e.getMessage());
  }

  @Test
  void malformedBodiesAreBadRequests() {
    byte[] good = form("Content-Disposition: form-data; name=\"file\"", "abc");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 12);
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(ApiException.class, () -> MultipartBody.find(truncated, TYPE, "file")).code());
    assertThrows(ApiException.class, () -> MultipartBody.find(good, "multipart/form-data", "file"));
    assertThrows(
        ApiException.class,
        () -> MultipartBody.find("no delimiter".getBytes(StandardCharsets.UTF_8), TYPE, "file"));
  }

  @Test
  void parameterParsing() {
    assertEquals("x;y", MultipartBody.parameter("form-data; name=\"x;y\"", "name"));
    assertEquals("q\"q", MultipartBody.parameter("form-data; name=\"q\\\"q\"", "name"));
    assertEquals(
        "b", MultipartBody.parameter("multipart/form-data; charset=utf-8; BOUNDARY=b", "boundary"));
    assertNull(MultipartBody.parameter("form-data", "name"));
  }
}
