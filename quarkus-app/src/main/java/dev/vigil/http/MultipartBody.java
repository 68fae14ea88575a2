package dev.vigil.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A minimal in-memory reader of {@code multipart/form-data} bodies (RFC 7578): finds one named part
 * and returns its bytes. The body is already bounded by the size limit; nothing touches the disk.
 */
final class MultipartBody {
  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

  /**
   * One part of the form.
   *
   * @param name the form field name
   * @param filename the client's file name, or null
   * @param contentType the part's Content-Type, or null
   * @param content the part's bytes
   */
  record Part(String name, String filename, String contentType, byte[] content) {}

  private MultipartBody() {}

  /**
   * The part named {@code field}.
   *
   * @param contentType the request's Content-Type header (must carry the boundary)
   * @throws ApiException 400 when the boundary is missing, the body is malformed or the field is
   *     absent
   */
  static Part find(byte[] body, String contentType, String field) {
    byte[] delimiter =
        ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1); // "--boundary"
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw malformed("no part delimiter found");
    }
    List<String> seen = new ArrayList<>();
    while (true) {
      pos += delimiter.length;
      if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
        break; // closing delimiter
      }
      pos = skipLineEnd(body, pos);
      int headerEnd = indexOf(body, CRLF_CRLF, pos);
      if (headerEnd < 0) {
        throw malformed("a part's headers do not end");
      }
      String headers = new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8);
      int contentStart = headerEnd + CRLF_CRLF.length;
      int next = indexOfDelimiter(body, delimiter, contentStart);
      if (next < 0) {
        throw malformed("a part does not end with the boundary (truncated body?)");
      }
      int contentEnd = next - 2; // the CRLF before "--boundary" belongs to the delimiter
      String disposition = header(headers, "content-disposition");
      String name = disposition == null ? null : parameter(disposition, "name");
      if (field.equals(name)) {
        return new Part(
            name,
            parameter(disposition, "filename"),
            header(headers, "content-type"),
            Arrays.copyOfRange(body, contentStart, contentEnd));
      }
      seen.add(name == null ? "(unnamed)" : name);
      pos = next;
    }
    throw new ApiException(
        ErrorCode.BAD_REQUEST,
        "multipart body has no field '" + field + "' (fields present: " + seen + ")");
  }

  /** The boundary parameter of a multipart Content-Type. */
  static String boundary(String contentType) {
    String b = contentType == null ? null : parameter(contentType, "boundary");
    if (b == null || b.isEmpty() || b.length() > 200) {
      throw malformed("Content-Type has no usable boundary parameter");
    }
    return b;
  }

  /** The value of {@code name=value} or {@code name="value"} in a header value, or null. */
  static String parameter(String headerValue, String name) {
    int i = 0;
    int n = headerValue.length();
    while (i < n) {
      int semi = headerValue.indexOf(';', i);
      if (semi < 0) {
        return null;
      }
      i = semi + 1;
      while (i < n && headerValue.charAt(i) == ' ') {
        i++;
      }
      int eq = headerValue.indexOf('=', i);
      if (eq < 0) {
        return null;
      }
      String key = headerValue.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      int v = eq + 1;
      String value;
      if (v < n && headerValue.charAt(v) == '"') {
        StringBuilder sb = new StringBuilder();
        int j = v + 1;
        while (j < n && headerValue.charAt(j) != '"') {
          char c = headerValue.charAt(j);
          if (c == '\\' && j + 1 < n) {
            c = headerValue.charAt(++j);
          }
          sb.append(c);
          j++;
        }
        value = sb.toString();
        i = j + 1;
      } else {
        int end = headerValue.indexOf(';', v);
        value = headerValue.substring(v, end < 0 ? n : end).strip();
        i = end < 0 ? n : end;
      }
      if (key.equals(name)) {
        return value;
      }
    }
    return null;
  }

  private static String header(String headers, String lowerName) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(lowerName)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static int skipLineEnd(byte[] body, int pos) {
    while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
      pos++; // transport padding
    }
    if (pos + 1 < body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
      return pos + 2;
    }
    throw malformed("a boundary line does not end with CRLF");
  }

  /** The index of {@code "\r\n" + delimiter} at or after {@code from}, as the delimiter's index. */
  private static int indexOfDelimiter(byte[] body, byte[] delimiter, int from) {
    int i = from;
    while (true) {
      int d = indexOf(body, delimiter, i);
      if (d < 0) {
        return -1;
      }
      if (d >= from + 2 && body[d - 2] == '\r' && body[d - 1] == '\n') {
        return d;
      }
      i = d + 1;
    }
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = Math.max(0, from); i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int k = 1; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static ApiException malformed(String detail) {
    return new ApiException(ErrorCode.BAD_REQUEST, "multipart body: " + detail);
  }
}
