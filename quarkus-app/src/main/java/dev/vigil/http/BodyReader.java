package dev.vigil.http;

import dev.vigil.runtime.decode.AudioSource;
import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Reads one request body chunk by chunk, as it arrives, into an {@link Upload}: the raw audio
 * ({@code application/octet-stream}, {@code audio/*}, {@code video/*}), or the field {@code file}
 * of a {@code multipart/form-data} form ({@link FormParts}). The bytes go to a {@link BodyStore}
 * (heap or temporary file). Every byte is counted, and the body is refused with 413 as soon as the
 * count passes the limit, before the rest is read. Whatever way it ends, nothing is left behind:
 * {@link #finish()} hands the bytes to the {@link Upload}, any refusal or {@link #abort()} frees
 * them. Not thread-safe: a request's chunks arrive on one event loop.
 */
final class BodyReader {
  private static final int MAX_NAME = 200;

  private final BodyLimits limits;
  private final BodyStore raw;
  private final FormParts form;
  private long count;
  private boolean done;

  private BodyReader(BodyLimits limits, BodyStore raw, FormParts form) {
    this.limits = limits;
    this.raw = raw;
    this.form = form;
  }

  /**
   * A reader for a body of this type, checked before any byte of it is read.
   *
   * @param contentType the request's Content-Type header, or null
   * @param declaredLength the request's Content-Length, or -1 (chunked)
   * @throws ApiException 415 for a type not accepted, 400 for a multipart type without a usable
   *     boundary, 413 for a declared length above the limit
   */
  static BodyReader open(
      String contentType, long declaredLength, BodyLimits limits, BodyMemory memory) {
    if (contentType == null || contentType.isBlank()) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "no Content-Type; send application/octet-stream, audio/*, video/* or"
              + " multipart/form-data with the field 'file'");
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean multipart = type.equals("multipart/form-data");
    if (!multipart
        && !type.equals("application/octet-stream")
        && !type.startsWith("audio/")
        && !type.startsWith("video/")) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type "
              + printable(type)
              + " is not accepted; send application/octet-stream, audio/*, video/* or"
              + " multipart/form-data with the field 'file'");
    }
    if (declaredLength > limits.maxBodySize()) {
      throw tooLarge(limits, "body of " + declaredLength + " bytes");
    }
    if (multipart) {
      String boundary = FormParts.boundary(contentType);
      return new BodyReader(
          limits,
          null,
          new FormParts(boundary, () -> new BodyStore(memory, limits, declaredLength)));
    }
    return new BodyReader(limits, new BodyStore(memory, limits, declaredLength), null);
  }

  /**
   * Reads one chunk (its indexes may move).
   *
   * @throws ApiException 413 once the body passes the limit, 400 for a malformed form; the reader
   *     is aborted
   * @throws java.io.UncheckedIOException when the temporary file cannot be written; the reader is
   *     aborted
   */
  void offer(ByteBuf chunk) {
    if (done) {
      throw new IllegalStateException("body already read or refused");
    }
    try {
      count += chunk.readableBytes();
      if (count > limits.maxBodySize()) {
        throw tooLarge(limits, "body");
      }
      if (raw != null) {
        raw.write(chunk);
      } else {
        form.offer(chunk);
      }
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Where the audio's bytes go: the body, or the form's {@code file} field once it has begun. */
  BodyStore audioStore() {
    return raw != null ? raw : form.store();
  }

  /** Whether the body is the audio itself (not a form). */
  boolean raw() {
    return raw != null;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /**
   * The body has ended: the upload, which now owns the bytes.
   *
   * @throws ApiException 400 when the upload is empty or the form lacks a complete field {@code
   *     file}; the reader is aborted
   */
  Upload finish() {
    if (done) {
      throw new IllegalStateException("body already read or refused");
    }
    try {
      BodyStore store = raw;
      String name = "upload";
      if (form != null) {
        FormParts.File file = form.finish();
        store = file.store();
        name = cleanName(file.filename(), "upload");
      }
      if (store.size() == 0) {
        throw new ApiException(ErrorCode.EMPTY, name + ": the upload holds no bytes");
      }
      AudioSource source = store.finish(name);
      done = true;
      return new Upload(source, store.size(), store);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Frees whatever was read (the heap, the temporary file); later calls do nothing. */
  void abort() {
    if (done) {
      return;
    }
    done = true;
    if (form != null) {
      form.close();
      if (form.store() != null) {
        form.store().release();
      }
    } else {
      raw.release();
    }
  }

  private static ApiException tooLarge(BodyLimits limits, String what) {
    return new ApiException(
        ErrorCode.BODY_TOO_LARGE,
        what + " is larger than vigil.limits.max-body-size (" + limits.maxBodySize() + " bytes)");
  }

  /** Client text for a message: control characters replaced, at most 200 characters. */
  static String printable(String text) {
    String t = text.replaceAll("\\p{Cntrl}", "_");
    return t.length() > MAX_NAME ? t.substring(0, MAX_NAME) + "..." : t;
  }

  /** A client's name, made safe for logs and JSON: no paths, no control characters. */
  static String cleanName(String name) {
    return cleanName(name, "upload");
  }

  /**
   * A client's name, made safe for logs and JSON: no directories, no control characters, at most
   * 200 characters; {@code fallback} when nothing is left.
   */
  static String cleanName(String name, String fallback) {
    if (name == null) {
      return fallback;
    }
    String n = name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    n = n.replaceAll("\\p{Cntrl}", "_");
    if (n.length() > MAX_NAME) {
      n = n.substring(0, MAX_NAME);
    }
    return n.isBlank() ? fallback : n;
  }
}
