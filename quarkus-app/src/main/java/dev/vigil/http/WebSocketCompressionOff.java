package dev.vigil.http;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps WebSocket compression (permessage-deflate and per-frame deflate) off, whatever Vert.x's and
 * Quarkus's defaults become (today's do not negotiate it; {@code StreamTest} checks the handshake):
 * a stream's frame limits ({@code vigil.stream.max-frame-size}, Vert.x's own) count the bytes on
 * the wire, and a compressed frame of 1 MiB can inflate to about 1 GiB before any limit sees it.
 * Raw PCM hardly compresses, so streams lose nothing.
 */
@ApplicationScoped
public class WebSocketCompressionOff implements HttpServerOptionsCustomizer {
  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    off(options);
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    off(options);
  }

  private static void off(HttpServerOptions options) {
    options.setPerMessageWebSocketCompressionSupported(false);
    options.setPerFrameWebSocketCompressionSupported(false);
  }
}
