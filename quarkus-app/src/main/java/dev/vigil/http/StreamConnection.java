package dev.vigil.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.StreamFormat;
import dev.vigil.runtime.engine.StreamSession;
import dev.vigil.runtime.model.ModelInfo;
import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.VerdictJson;
import dev.vigil.runtime.verdict.WindowVerdict;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * One {@code /v1/stream} connection after its handshake: admission, the start message, audio frames
 * into a {@link StreamSession}, a text message per scored window, the result after {@code
 * {"end":true}}, and every error as a JSON message followed by a close (docs/http.md). Every method
 * runs on the connection's event loop; the engine's window and result callbacks are handed to it.
 * Nothing here blocks: a full session buffer pauses the socket until the engine catches up.
 * Whatever way the connection ends, the session is cancelled unless it completed, and the admission
 * is given back once.
 */
final class StreamConnection {
  private static final Logger LOG = Logger.getLogger(StreamConnection.class);

  /** The name streams carry in verdicts ({@code path}) and messages. */
  static final String NAME = "stream";

  /** The longest text message (the start and end messages are a few dozen bytes). */
  static final int MAX_TEXT_BYTES = 4096;

  /** How often audio the session had no room for is offered again. */
  private static final long RETRY_MILLIS = 5;

  private enum Phase {
    /** Waiting for the start message. */
    START,
    /** Audio frames until {@code {"end":true}}. */
    AUDIO,
    /** The end was asked: waiting for the result. */
    ENDING,
    /** Closed or closing; nothing more is read or sent. */
    CLOSED
  }

  private final StreamEndpoint endpoint;
  private final ServerWebSocket ws;
  private final Context context;
  private final Vertx vertx;
  private final VigilConfig.StreamConfig limits;
  private final long maxFrame;
  private final long idleNanos;
  private final ServiceMetrics metrics;

  private Phase phase = Phase.START;
  private StreamEndpoint.Admission admission;
  private StreamSession session;
  private ModelInfo model;
  private List<String> experts;
  private double bytesPerSecond;
  private long bytes;
  private long lastMessage = System.nanoTime();
  private long idleTimer = -1;
  private long wallTimer = -1;
  private long resultTimer = -1;
  private long retryTimer = -1;

  /** Audio the session had no room for; the socket is paused while it waits. */
  private byte[] pending;

  private boolean endWanted;
  private boolean inText;
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();

  StreamConnection(StreamEndpoint endpoint, ServerWebSocket ws) {
    this.endpoint = endpoint;
    this.ws = ws;
    this.context = Vertx.currentContext();
    this.vertx = context.owner();
    this.limits = endpoint.config().stream();
    this.maxFrame = limits.maxFrameSize().asLongValue();
    this.idleNanos = limits.idleTimeout().toNanos();
    this.metrics = endpoint.metrics();
  }

  void start() {
    try {
      admission = endpoint.admit();
    } catch (ApiException e) {
      phase = Phase.CLOSED;
      send(e.code(), e.getMessage());
      ws.close(StreamClose.of(e.code()), e.code().wireName());
      return;
    }
    ModelInfo info = admission.model().engine().model();
    model = info;
    experts = info.metadata().expertNames();
    // the client closed, vanished, or broke the protocol (Vert.x closes then)
    ws.closeHandler(v -> finish("client_closed"));
    ws.exceptionHandler(t -> LOG.debugf("%s: %s", NAME, t));
    ws.frameHandler(this::frame);
    idleTimer = vertx.setTimer(limits.idleTimeout().toMillis(), id -> idle());
    wallTimer =
        vertx.setTimer(limits.maxDuration().plus(limits.idleTimeout()).toMillis(), id -> wall());
  }

  private void frame(WebSocketFrame f) {
    if (phase == Phase.CLOSED) {
      return;
    }
    switch (f.type()) {
      case TEXT, BINARY, CONTINUATION -> {}
      default -> {
        return; // Vert.x answers pings and closes itself
      }
    }
    lastMessage = System.nanoTime();
    Buffer data = f.binaryData();
    if (data.length() > maxFrame) {
      fail(
          ErrorCode.FRAME_TOO_LARGE,
          "frame of "
              + data.length()
              + " bytes is larger than vigil.stream.max-frame-size ("
              + maxFrame
              + " bytes); send the audio in smaller frames");
      return;
    }
    boolean isText = f.isText() || (f.isContinuation() && inText);
    if (f.isText()) {
      inText = true;
      text.reset();
    } else if (f.isBinary()) {
      inText = false;
    }
    if (!isText) {
      audio(data);
      return;
    }
    if (text.size() + data.length() > MAX_TEXT_BYTES) {
      fail(
          ErrorCode.FRAME_TOO_LARGE,
          "text message of more than "
              + MAX_TEXT_BYTES
              + " bytes; the start and end messages"
              + " are small JSON objects");
      return;
    }
    text.write(data.getBytes(), 0, data.length());
    if (f.isFinal()) {
      inText = false;
      textMessage(text.toString(StandardCharsets.UTF_8));
    }
  }

  private void textMessage(String s) {
    switch (phase) {
      case START -> open(s);
      case AUDIO -> {
        if (StreamStart.isEnd(endpoint.json(), s)) {
          end();
        } else {
          fail(
              ErrorCode.BAD_REQUEST,
              "expected binary audio frames or {\"end\":true}, got the text message "
                  + abbreviate(s));
        }
      }
      default ->
          fail(
              ErrorCode.BAD_REQUEST,
              "nothing may follow {\"end\":true}, got the text message " + abbreviate(s));
    }
  }

  private void open(String s) {
    StreamFormat format;
    try {
      format = StreamStart.parse(endpoint.json(), s);
      session = admission.model().engine().openStream(NAME, format, this::window);
    } catch (ApiException e) {
      fail(e.code(), e.getMessage());
      return;
    } catch (AudioInputException e) {
      fail(ErrorCode.BAD_REQUEST, "the start message: " + e.getMessage());
      return;
    } catch (IllegalStateException e) {
      fail(ErrorCode.NOT_READY, "model not ready: " + e.getMessage());
      return;
    }
    phase = Phase.AUDIO;
    bytesPerSecond = (double) format.frameBytes() * format.sampleRate();
    session.result().whenComplete((v, t) -> context.runOnContext(x -> result(v, t)));
  }

  @SuppressWarnings("deprecation") // getByteBuf: the bytes without a copy (Vert.x 4.5)
  private void audio(Buffer data) {
    if (phase != Phase.AUDIO) {
      fail(
          ErrorCode.BAD_REQUEST,
          phase == Phase.START
              ? "binary frame before the start message; send"
                  + " {\"sample_rate\":16000,\"channels\":1,\"encoding\":\"pcm_s16le\"} first"
              : "binary frame after {\"end\":true}");
      return;
    }
    bytes += data.length();
    double seconds = bytes / bytesPerSecond;
    double max = limits.maxDuration().toMillis() / 1000.0;
    if (seconds > max) {
      fail(
          ErrorCode.TOO_LONG,
          String.format(
              Locale.ROOT, "%s: more than %.0f s of audio (vigil.stream.max-duration)", NAME, max));
      return;
    }
    if (pending != null) { // frames already on their way when the socket was paused
      byte[] more = new byte[pending.length + data.length()];
      System.arraycopy(pending, 0, more, 0, pending.length);
      data.getBytes(more, pending.length);
      pending = more;
      return;
    }
    ByteBuffer nio = data.getByteBuf().nioBuffer();
    if (!session.offer(nio)) {
      pending = data.getBytes();
      ws.pause();
      retryTimer = vertx.setTimer(RETRY_MILLIS, id -> retry());
    }
  }

  /** Offers the pending audio again; resumes reading once the session took it. */
  private void retry() {
    retryTimer = -1;
    if (phase == Phase.CLOSED || pending == null) {
      return;
    }
    if (!session.offer(pending, 0, pending.length)) {
      retryTimer = vertx.setTimer(RETRY_MILLIS, id -> retry());
      return;
    }
    pending = null;
    lastMessage = System.nanoTime();
    if (endWanted) {
      session.close();
    } else {
      ws.resume();
    }
  }

  private void end() {
    phase = Phase.ENDING;
    cancel(idleTimer);
    cancel(wallTimer);
    long millis = endpoint.config().limits().requestTimeout().toMillis();
    resultTimer =
        vertx.setTimer(
            millis,
            id ->
                fail(
                    ErrorCode.DEADLINE_EXCEEDED,
                    NAME
                        + ": no result within "
                        + millis
                        + " ms of {\"end\":true} (vigil.limits.request-timeout)"));
    if (pending != null) {
      endWanted = true; // closed once the pending audio is in
    } else {
      session.close();
    }
  }

  /** An engine thread: a window was scored. */
  private void window(WindowVerdict w) {
    context.runOnContext(v -> sendWindow(w));
  }

  private void sendWindow(WindowVerdict w) {
    if (phase == Phase.CLOSED) {
      return;
    }
    ws.writeTextMessage(VerdictJson.toLine(VerdictJson.window(w, experts)))
        .onSuccess(v -> metrics.streamWindow(System.nanoTime() - w.arrivedNanos()));
  }

  private void result(List<FileVerdict> verdicts, Throwable t) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (t != null) {
      ApiException e = DetectResource.apiException(t);
      fail(e.code(), e.getMessage());
      return;
    }
    for (FileVerdict v : verdicts) {
      ws.writeTextMessage(
          VerdictJson.toLine(
              VerdictJson.result(VerdictJson.verdict(v, model.id(), model.version(), false))));
    }
    finish("ok"); // counted before the close goes out: a client that sees it sees the count
    ws.close(StreamClose.NORMAL, "done");
  }

  private void idle() {
    idleTimer = -1;
    if (phase != Phase.START && phase != Phase.AUDIO) {
      return;
    }
    if (pending != null) {
      lastMessage = System.nanoTime(); // the server is behind, not the client
    }
    long quiet = System.nanoTime() - lastMessage;
    if (quiet >= idleNanos) {
      fail(
          ErrorCode.IDLE_TIMEOUT,
          "no message for "
              + limits.idleTimeout().toMillis()
              + " ms (vigil.stream.idle-timeout); send audio, or {\"end\":true} to end");
      return;
    }
    idleTimer = vertx.setTimer(Math.max(1, (idleNanos - quiet) / 1_000_000), id -> idle());
  }

  private void wall() {
    wallTimer = -1;
    if (phase == Phase.START || phase == Phase.AUDIO) {
      fail(
          ErrorCode.TOO_LONG,
          NAME
              + ": open for longer than vigil.stream.max-duration ("
              + limits.maxDuration().toSeconds()
              + " s) + vigil.stream.idle-timeout without {\"end\":true}");
    }
  }

  /** Sends the error and closes with its code. */
  private void fail(ErrorCode code, String message) {
    if (phase == Phase.CLOSED) {
      return;
    }
    send(code, message);
    finish(code.wireName());
    ws.close(StreamClose.of(code), code.wireName());
  }

  private void send(ErrorCode code, String message) {
    try {
      ws.writeTextMessage(
          endpoint.json().writeValueAsString(new ApiError(code.wireName(), message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error message", e);
    }
  }

  /** The connection is over (closed by either side): stops the work and gives back the rest. */
  private void finish(String outcome) {
    if (phase == Phase.CLOSED) {
      return;
    }
    phase = Phase.CLOSED;
    pending = null;
    cancel(idleTimer);
    cancel(wallTimer);
    cancel(resultTimer);
    cancel(retryTimer);
    if (session != null) {
      session.cancel(); // no effect once the result is complete
    }
    endpoint.release(admission);
    metrics.streamEnded(outcome);
  }

  private void cancel(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }
}
