package dev.vigil.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code /v1/stream} client on the JDK's WebSocket ({@code java.net.http}), for the tests and the
 * latency probe: sends the start message, audio frames and the end message, and collects every text
 * message the server sends (with the {@link System#nanoTime()} it arrived) and the close code.
 */
final class StreamClient implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A text message from the server and when it arrived. */
  record Message(String text, long nanos) {}

  private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final List<Message> all = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile String closeReason;
  private WebSocket ws;

  private StreamClient() {}

  /**
   * Opens {@code ws://HOST:PORT/v1/stream} with the given request headers.
   *
   * @throws java.util.concurrent.ExecutionException with a {@link
   *     java.net.http.WebSocketHandshakeException} when the server refuses the handshake
   */
  static StreamClient connect(String host, int port, Map<String, String> headers) throws Exception {
    StreamClient c = new StreamClient();
    WebSocket.Builder b = HTTP.newWebSocketBuilder();
    headers.forEach(b::header);
    c.ws =
        b.buildAsync(URI.create("ws://" + host + ":" + port + "/v1/stream"), c)
            .get(10, TimeUnit.SECONDS);
    return c;
  }

  /** {@link #connect} to localhost without headers. */
  static StreamClient connect(int port) throws Exception {
    return connect("localhost", port, Map.of());
  }

  /** Sends the start message. */
  void start(int rate, int channels, String encoding) throws Exception {
    text(
        "{\"sample_rate\":"
            + rate
            + ",\"channels\":"
            + channels
            + ",\"encoding\":\""
            + encoding
            + "\"}");
  }

  /** Sends one text message and waits until it is written. */
  void text(String s) throws Exception {
    ws.sendText(s, true).get(10, TimeUnit.SECONDS);
  }

  /** Sends one binary frame and waits until it is written. */
  void binary(byte[] b, int off, int len) throws Exception {
    ws.sendBinary(ByteBuffer.wrap(b, off, len), true).get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code {"end":true}}. */
  void end() throws Exception {
    text("{\"end\":true}");
  }

  /** The next text message, or null after {@code timeout}. */
  Message next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for the server's close and returns its code (every message has arrived by then). */
  int awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the server's close has arrived. */
  boolean isClosed() {
    return closed.isDone();
  }

  /** The reason of the server's close. */
  String closeReason() {
    return closeReason;
  }

  /** Every text message received so far, in order. */
  synchronized List<Message> messages() {
    return List.copyOf(all);
  }

  /** Drops the TCP connection without a close frame, as a vanishing client does. */
  void abort() {
    ws.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      Message m = new Message(partial.toString(), System.nanoTime());
      partial.setLength(0);
      synchronized (this) {
        all.add(m);
      }
      messages.add(m);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.abort();
    }
  }
}
