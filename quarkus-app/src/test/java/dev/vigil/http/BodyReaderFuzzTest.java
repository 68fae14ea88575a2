package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.runtime.decode.AudioSource;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * Jazzer fuzz target: the body reader as a plain unit (no Quarkus). The fuzzer picks the limits,
 * the content type (raw, a multipart form built from its choices and then maybe damaged, a fuzzed
 * boundary, or any type at all), the chunk boundaries and the bytes. The property: the reader ends
 * in an upload or in an {@link ApiException} with a 4xx code and a one-line message, never another
 * exception; an intact raw body or form within the limit is read to exactly its bytes; and nothing
 * is left behind (no temporary file, no body memory held). Runs in its own surefire execution, in a
 * JVM without Quarkus (docs/http.md, Fuzzing); {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("fuzz")
class BodyReaderFuzzTest {
  private static final Path SPILL = spillDirectory();

  private static final String[] RAW_TYPES = {
    "audio/wav", "application/octet-stream", "video/mp4; codecs=x", "AUDIO/OGG"
  };
  private static final String[] BOUNDARIES = {
    "XyZ", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a", "0aZ'()+_,-./:=? x", "--", "\r\n"
  };
  private static final String[] NAMES = {"file", "note", "audio", "", "fi\"le", "file\r\nX: y"};
  private static final String[] FILENAMES = {
    "a.wav", "../../etc/passwd", "", "x\u0000y.wav", "\u00e9t\u00e9.mp3", "a\"b"
  };
  private static final String[] PART_HEADERS = {
    "Content-Type: audio/wav",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Type: text/plain; charset=nope",
    "Content-Type: text/plain; charset=@@",
    "Content-Length: 3",
    "Content-Length: -1",
    "Content-Transfer-Encoding: binary",
    "Content-Transfer-Encoding: base64",
    "Content-Transfer-Encoding: x-unknown",
    "Content-Type: multipart/mixed; boundary=inner",
    "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%E9%ZZ"
  };

  private static Path spillDirectory() {
    try {
      return Files.createTempDirectory("vigil-body-fuzz");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void removeSpillDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(SPILL)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A body and, when it is intact, the audio bytes it must be read to. */
  private record Body(String type, byte[] bytes, byte[] expected) {}

  @FuzzTest(maxDuration = "30s")
  void bodyReaderEndsInAnUploadOrA4xx(FuzzedDataProvider in) throws IOException {
    long max = in.consumeInt(0, 1 << 16);
    long threshold = in.consumeInt(0, 1 << 12);
    BodyMemory memory = new BodyMemory(in.consumeInt(0, 1 << 14));
    BodyLimits limits = new BodyLimits(max, threshold, SPILL);
    boolean declared = in.consumeBoolean();
    Random chunking = new Random(in.consumeLong());
    int chunkSize = in.consumeInt(1, 1 << 12);
    Body body =
        switch (in.consumeInt(0, 3)) {
          case 0 -> {
            byte[] b = in.consumeBytes(in.consumeInt(0, 1 << 15));
            yield new Body(RAW_TYPES[in.consumeInt(0, RAW_TYPES.length - 1)], b, b);
          }
          case 1 -> form(in);
          case 2 ->
              new Body(
                  "multipart/form-data; boundary=" + in.consumeString(80),
                  in.consumeRemainingAsBytes(),
                  null);
          default -> new Body(in.consumeString(120), in.consumeRemainingAsBytes(), null);
        };
    byte[] bytes = body.bytes();
    BodyReader reader = null;
    Upload upload = null;
    try {
      reader = BodyReader.open(body.type(), declared ? bytes.length : -1, limits, memory);
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + chunking.nextInt(chunkSize));
        reader.offer(Unpooled.wrappedBuffer(bytes, at, n));
        at += n;
      }
      upload = reader.finish();
      AudioSource source = upload.source();
      assertTrue(upload.size() > 0 && upload.size() <= max, "size " + upload.size());
      byte[] read = source.bytes() != null ? source.bytes() : Files.readAllBytes(source.path());
      assertEquals(upload.size(), read.length);
      if (body.expected() != null) {
        assertArrayEquals(body.expected(), read, "the upload's bytes");
      }
    } catch (ApiException e) {
      int status = e.code().status();
      assertTrue(status >= 400 && status < 500, e.code() + ": " + e.getMessage());
      assertFalse(
          e.getMessage().contains("\n") || e.getMessage().contains("\r"),
          "a one-line message: " + e.getMessage());
      boolean shouldRead =
          body.expected() != null && body.expected().length > 0 && bytes.length <= max;
      assertFalse(shouldRead, "an intact body within the limit was refused: " + e.getMessage());
    } finally {
      if (reader != null) {
        reader.abort();
      }
      if (upload != null) {
        upload.release();
      }
    }
    assertEquals(0, memory.used(), "body memory still held");
    try (Stream<Path> left = Files.list(SPILL)) {
      assertEquals(0, left.count(), "temporary files left behind");
    }
  }

  /** A form built from the fuzzer's choices, then maybe damaged. */
  private static Body form(FuzzedDataProvider in) {
    String boundary = BOUNDARIES[in.consumeInt(0, BOUNDARIES.length - 1)];
    boolean intact = !boundary.contains("\r") && !boundary.endsWith(" ");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (in.consumeBoolean()) {
      write(out, "preamble\r\n");
      intact = false; // Netty reads no preamble (RFC 2046 allows one): refused, not misread
    }
    byte[] expected = null;
    int parts = in.consumeInt(0, 4);
    for (int i = 0; i < parts; i++) {
      write(out, "--" + boundary + "\r\n");
      boolean safeName = in.consumeBoolean();
      String name = safeName ? NAMES[in.consumeInt(0, 2)] : in.consumeString(20);
      String disposition = "Content-Disposition: form-data; name=\"" + name + "\"";
      if (in.consumeBoolean()) {
        int f = in.consumeInt(0, FILENAMES.length - 1);
        disposition += "; filename=\"" + FILENAMES[f] + "\"";
        safeName &= f != 3 && f != 5; // a NUL or a quote inside the quoted file name
      }
      write(out, disposition + "\r\n");
      boolean plainHeaders = true;
      int extra = in.consumeInt(0, 2);
      for (int h = 0; h < extra; h++) {
        int k = in.consumeInt(0, PART_HEADERS.length - 1);
        plainHeaders &= k == 0 || k == 1 || k == 6;
        write(out, PART_HEADERS[k] + "\r\n");
      }
      write(out, "\r\n");
      byte[] content = in.consumeBytes(in.consumeInt(0, 1 << 13));
      out.writeBytes(content);
      write(out, "\r\n");
      String text = new String(content, StandardCharsets.ISO_8859_1);
      boolean clean = !text.contains("\n--" + boundary);
      if (expected == null && "file".equals(name) && safeName) {
        expected = plainHeaders && clean ? content : null;
        intact &= expected != null;
      } else if (!clean || !plainHeaders || !safeName) {
        intact = false;
      }
    }
    if (in.consumeBoolean()) {
      write(out, "--" + boundary + "--\r\n");
    } else {
      intact = false; // truncated
    }
    byte[] bytes = out.toByteArray();
    int damage = in.consumeInt(0, 3);
    for (int d = 0; d < damage && bytes.length > 0; d++) {
      bytes[in.consumeInt(0, bytes.length - 1)] = in.consumeByte();
      intact = false;
    }
    String quoted = in.consumeBoolean() ? "\"" + boundary + "\"" : boundary;
    return new Body(
        "multipart/form-data; boundary=" + quoted,
        bytes,
        intact && expected != null ? expected : null);
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
