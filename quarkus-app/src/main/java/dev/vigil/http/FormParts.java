package dev.vigil.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.handler.codec.http.multipart.MemoryAttribute;
import io.netty.handler.codec.http.multipart.MemoryFileUpload;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code multipart/form-data} side of a {@link BodyReader}: Netty's {@link
 * HttpPostMultipartRequestDecoder} parses the form chunk by chunk; the bytes of the first field
 * named {@code file} (with or without a file name) go to a {@link BodyStore}, every other field is
 * dropped as it is parsed and only its name is kept. Once that field is complete the rest of the
 * form is not parsed. Not thread-safe.
 */
final class FormParts {
  /** The form field that carries the audio. */
  static final String FILE_FIELD = "file";

  /** More fields than this are refused. */
  static final int MAX_FIELDS = 64;

  /**
   * A part's header lines (or anything else the decoder must hold whole) beyond this are refused.
   */
  static final int MAX_BUFFERED_BYTES = 16 * 1024;

  /** The longest boundary accepted (RFC 2046 allows 70). */
  static final int MAX_BOUNDARY = 200;

  private static final int MAX_NAMES_SHOWN = 10;

  private final Fields fields;
  private final HttpPostMultipartRequestDecoder decoder;
  private boolean closed;

  /** A carriage return held back from the end of the last chunk (see {@link #offer}). */
  private boolean heldCr;

  /**
   * @param boundary the form's boundary, as {@link #boundary} returned it
   * @param fileStore makes the store of the field {@code file}, when it starts
   */
  FormParts(String boundary, Supplier<BodyStore> fileStore) {
    HttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/detect");
    // a canonical header made from the checked boundary: Netty never parses the client's header
    request
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=\"" + boundary + "\"");
    fields = new Fields(fileStore);
    decoder =
        new HttpPostMultipartRequestDecoder(
            fields, request, StandardCharsets.UTF_8, MAX_FIELDS, MAX_BUFFERED_BYTES);
    decoder.setDiscardThreshold(0); // drop parsed bytes after every chunk, not after 10 MB
  }

  /**
   * Parses one chunk of the form.
   *
   * <p>A chunk that ends with a carriage return is offered without it, and the CR goes in front of
   * the next chunk: Netty 4.1 keeps a CR that ends a chunk in the field's content even when it is
   * the CR of the next delimiter's CRLF (it checks this only for parts that declare their length).
   * What is offered may still end with a CR when two ended the chunk; that one is content, since a
   * delimiter's CR is followed by its LF.
   *
   * @throws ApiException 400 when the form is malformed
   */
  void offer(ByteBuf chunk) {
    if (fileComplete()) {
      return; // the rest of the form is not needed
    }
    int n = chunk.readableBytes();
    if (n == 0) {
      return;
    }
    boolean endsWithCr = chunk.getByte(chunk.readerIndex() + n - 1) == '\r';
    ByteBuf part = chunk.slice(chunk.readerIndex(), endsWithCr ? n - 1 : n);
    if (heldCr) {
      ByteBuf joined = Unpooled.buffer(part.readableBytes() + 1).writeByte('\r').writeBytes(part);
      try {
        decode(new DefaultHttpContent(joined));
      } finally {
        joined.release();
      }
    } else if (part.isReadable()) {
      decode(new DefaultHttpContent(part));
    }
    heldCr = endsWithCr;
  }

  /**
   * Ends the form and returns the field {@code file}: its store (owned by the caller from now on)
   * and its file name.
   *
   * @throws ApiException 400 when the field is missing or truncated
   */
  File finish() {
    if (!fileComplete()) {
      decode(
          heldCr
              ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[] {'\r'}))
              : LastHttpContent.EMPTY_LAST_CONTENT);
    }
    close();
    if (fields.file == null) {
      if (fields.count == 0) {
        throw malformed("no part found (the body must start with the line --BOUNDARY)");
      }
      throw new ApiException(
          ErrorCode.BAD_REQUEST,
          "multipart body has no field '" + FILE_FIELD + "' (fields present: " + shown() + ")");
    }
    if (!fields.file.isCompleted()) {
      throw malformed("the field '" + FILE_FIELD + "' does not end with the boundary (truncated?)");
    }
    return new File(fields.store, fields.filename);
  }

  /** The field {@code file}'s store, or null before it started; the caller releases it. */
  BodyStore store() {
    return fields.store;
  }

  /** Frees the decoder's buffers (not the store); later calls do nothing. */
  void close() {
    if (!closed) {
      closed = true;
      decoder.destroy();
    }
  }

  /**
   * The field {@code file}.
   *
   * @param store its bytes
   * @param filename the client's file name, or null
   */
  record File(BodyStore store, String filename) {}

  private boolean fileComplete() {
    return fields.file != null && fields.file.isCompleted();
  }

  private void decode(io.netty.handler.codec.http.HttpContent content) {
    try {
      decoder.offer(content);
    } catch (StoreFailure e) {
      throw (RuntimeException) e.getCause();
    } catch (HttpPostRequestDecoder.TooManyFormFieldsException e) {
      throw malformed("more than " + MAX_FIELDS + " fields");
    } catch (HttpPostRequestDecoder.TooLongFormFieldException e) {
      throw malformed(
          "a header line or part delimiter longer than " + MAX_BUFFERED_BYTES + " bytes");
    } catch (DecoderException e) {
      if (e.getCause() instanceof StoreFailure f) {
        throw (RuntimeException) f.getCause();
      }
      throw malformed(oneLine(e));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // Netty 4.1 lets these out of its part-header parsing unwrapped: Charset.forName on
      // "charset=@@", a Content-Disposition parameter without '='. (This service's own code called
      // back from the decoder cannot end up here: its failures come wrapped in a StoreFailure.)
      throw malformed("a part header Netty cannot parse (" + oneLine(e) + ")");
    }
  }

  private String shown() {
    List<String> shown = new ArrayList<>(fields.names);
    if (fields.count > shown.size()) {
      shown.add("... " + (fields.count - shown.size()) + " more");
    }
    return shown.toString();
  }

  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.replaceAll("\\p{Cntrl}+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  private static ApiException malformed(String detail) {
    return new ApiException(ErrorCode.BAD_REQUEST, "multipart body: " + detail);
  }

  /**
   * The boundary parameter of a multipart Content-Type, checked against RFC 2046's characters.
   *
   * @throws ApiException 400 when it is missing or unusable
   */
  static String boundary(String contentType) {
    String b = contentType == null ? null : parameter(contentType, "boundary");
    if (b == null || b.isEmpty() || b.length() > MAX_BOUNDARY || b.endsWith(" ")) {
      throw malformed("Content-Type has no usable boundary parameter");
    }
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || "'()+_,-./:=? ".indexOf(c) >= 0;
      if (!ok) {
        throw malformed(
            "the boundary parameter holds a character RFC 2046 does not allow ("
                + (Character.isISOControl(c) ? String.format(Locale.ROOT, "U+%04X", (int) c) : c)
                + ")");
      }
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

  /**
   * Netty's data factory for one form: the first field {@code file} writes to a store, every other
   * field drops its bytes; header parameters are small attributes in memory.
   */
  @SuppressWarnings("deprecation") // the interface's deprecated cleaners are implemented too
  private static final class Fields implements HttpDataFactory {
    private final Supplier<BodyStore> fileStore;

    /** The first few fields' names, for the message of a form without {@code file}. */
    final List<String> names = new ArrayList<>();

    int count;
    HttpData file;
    BodyStore store;
    String filename;

    Fields(Supplier<BodyStore> fileStore) {
      this.fileStore = fileStore;
    }

    @Override
    public void setMaxLimit(long max) {}

    @Override
    public Attribute createAttribute(HttpRequest request, String name) {
      return (Attribute) field(name, null, null, null);
    }

    @Override
    public Attribute createAttribute(HttpRequest request, String name, long definedSize) {
      return (Attribute) field(name, null, null, null); // the part's Content-Length is not trusted
    }

    @Override
    public Attribute createAttribute(HttpRequest request, String name, String value) {
      try {
        return new MemoryAttribute(name, value); // a header parameter (name, filename, ...)
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }

    @Override
    public FileUpload createFileUpload(
        HttpRequest request,
        String name,
        String filename,
        String contentType,
        String contentTransferEncoding,
        Charset charset,
        long size) {
      return (FileUpload) field(name, filename, contentType, contentTransferEncoding);
    }

    /** A field's data: stored when it is the first {@code file}, else dropped. */
    private HttpData field(
        String name, String filename, String contentType, String contentTransferEncoding) {
      if (count++ < MAX_NAMES_SHOWN) {
        names.add(BodyReader.printable(name));
      }
      Target data =
          filename == null
              ? new StoredAttribute(name)
              : new StoredUpload(name, filename, contentType, contentTransferEncoding);
      if (file == null && FILE_FIELD.equals(name)) {
        store = fileStore.get();
        data.target(store);
        file = (HttpData) data;
        this.filename = filename;
      }
      return (HttpData) data;
    }

    @Override
    public void removeHttpDataFromClean(HttpRequest request, InterfaceHttpData data) {}

    @Override
    public void cleanRequestHttpData(HttpRequest request) {}

    @Override
    public void cleanAllHttpData() {}

    @Override
    public void cleanRequestHttpDatas(HttpRequest request) {}

    @Override
    public void cleanAllHttpDatas() {}
  }

  /** A field's data whose bytes go to a store, or nowhere. */
  private interface Target {
    void target(BodyStore store);
  }

  /** Writes a parsed piece of a field to its store (or drops it) and frees it. */
  private static void take(ByteBuf piece, BodyStore target) {
    if (piece == null) {
      return;
    }
    try {
      if (target != null) {
        target.write(piece);
      }
    } catch (RuntimeException e) {
      throw new StoreFailure(e);
    } finally {
      piece.release();
    }
  }

  /** A failure of the store called back from the decoder: the service's, not the client's. */
  private static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(RuntimeException cause) {
      super(cause);
    }
  }

  /** A field without a file name. */
  private static final class StoredAttribute extends MemoryAttribute implements Target {
    private BodyStore target;

    StoredAttribute(String name) {
      super(name, StandardCharsets.UTF_8);
    }

    @Override
    public void target(BodyStore store) {
      target = store;
    }

    @Override
    public void addContent(ByteBuf piece, boolean last) throws IOException {
      take(piece, target);
      super.addContent(Unpooled.EMPTY_BUFFER, last);
    }
  }

  /** A field with a file name. */
  private static final class StoredUpload extends MemoryFileUpload implements Target {
    private BodyStore target;

    StoredUpload(String name, String filename, String contentType, String contentTransferEncoding) {
      super(name, filename, contentType, contentTransferEncoding, StandardCharsets.UTF_8, 0);
    }

    @Override
    public void target(BodyStore store) {
      target = store;
    }

    @Override
    public void addContent(ByteBuf piece, boolean last) throws IOException {
      take(piece, target);
      super.addContent(Unpooled.EMPTY_BUFFER, last);
    }
  }
}
