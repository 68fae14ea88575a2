package dev.vigil.http;

import dev.vigil.runtime.engine.EngineOptions;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The service's own configuration, under {@code vigil.*}; defaults are listed in docs/http.md. */
@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

  /** The model and where it runs. */
  ModelConfig model();

  /** Micro-batching and worker threads. */
  EngineConfig engine();

  /** Request limits. */
  LimitsConfig limits();

  /** Live streams on {@code /v1/stream}. */
  StreamConfig stream();

  /** When set, every {@code /v1/*} request must carry this value in {@code X-API-Key}. */
  Optional<String> apiKey();

  /** {@code vigil.model.*}. */
  interface ModelConfig {
    /** The {@code .onnx} file; absent = the bundled default model resource. */
    Optional<Path> path();

    /** {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}. */
    @WithDefault("auto")
    String device();

    /** ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Run one dummy batch after loading, before readiness turns green. */
    @WithDefault("true")
    boolean warmUp();

    /** Wait this long before loading (lets probes and tests see the not-ready state); default 0. */
    @WithDefault("0s")
    Duration loadDelay();
  }

  /** {@code vigil.engine.*}. */
  interface EngineConfig {
    /**
     * The most segments in one ONNX Runtime run. 8 rather than the CLI's 32: under load the service
     * answered as many requests with 8 and held ~400 MB less for ONNX Runtime's buffers
     * (docs/http.md).
     */
    @WithDefault("8")
    int maxBatch();

    /** How long a partial batch waits for more segments before it runs. */
    @WithDefault("5ms")
    Duration maxWait();

    /**
     * Whether a partial batch always waits the whole {@link #maxWait()}, also for requests not yet
     * admitted; by default the wait ends as soon as every admitted request has been read.
     */
    @WithDefault("false")
    boolean fullWait();

    /** Threads that decode audio and compute features; 0 = processors - 1 (at least 1). */
    @WithDefault("0")
    int workers();

    /**
     * Threads that run batches at once in the one ONNX Runtime session; 0 = one per processor. With
     * more than one (and {@code vigil.model.intra-op-threads} left at 0) each run is
     * single-threaded and a lone request's windows run side by side.
     */
    @WithDefault("0")
    int inferenceThreads();

    /**
     * Requests admitted and not yet answered (queued or being scored); one more is refused with 503
     * {@code queue_full} and {@code Retry-After}.
     */
    @WithDefault("64")
    int maxInFlight();

    /**
     * Audio seconds the service scores per wall second, used to size {@code
     * vigil.limits.max-audio-in-flight} and {@code Retry-After}; unset = measured after the warm-up
     * (eight 2-window requests at once, the best of five rounds).
     */
    Optional<Double> capacity();

    /** Segments whose features wait for inference (bounds memory; workers block beyond it). */
    @WithDefault("64")
    int queuedSegments();

    /**
     * Whether a lone request's front ends (log-mel, log-linear) are computed at once on a helper
     * thread rather than one after the other (lower latency when the service is idle; unused under
     * concurrent load).
     */
    @WithDefault("true")
    boolean parallelFrontEnds();

    /**
     * Which admitted request is read (and so scored) first: {@code earliest-deadline} (the oldest,
     * so admitted requests finish in the order they came and, under overload, the newest miss) or
     * {@code fair-share} (round robin, every request in flight progresses at once, as in {@code
     * vigil scan}).
     */
    @WithDefault("earliest-deadline")
    EngineOptions.ReadOrder readOrder();
  }

  /** {@code vigil.limits.*}. */
  interface LimitsConfig {
    /**
     * The largest body (the raw audio, or the whole multipart form); a larger one is refused with
     * 413 as soon as it passes this, with or without a {@code Content-Length}. Default 50M.
     */
    @WithDefault("50M")
    MemorySize maxBodySize();

    /**
     * A body (or the multipart field {@code file}) larger than this, or declared larger by its
     * {@code Content-Length}, is written to a temporary file in {@link #spillDirectory()} as it
     * arrives instead of being held in the heap. Default 1M.
     */
    @WithDefault("1M")
    MemorySize spillThreshold();

    /**
     * The heap that request bodies hold at once, all requests together; a body that finds no room
     * goes to a temporary file, however small. Default 64M (64 in-flight requests of 1 MB).
     */
    @WithDefault("64M")
    MemorySize bodyMemory();

    /**
     * Where bodies above the spill threshold are written while they are read and scored; absent =
     * {@code vigil-uploads} under {@code java.io.tmpdir}. Created at start-up.
     */
    Optional<Path> spillDirectory();

    /** Longer audio is refused with 422 {@code too_long}; 0 = no limit. */
    @WithDefault("600s")
    Duration maxDuration();

    /** Past this a request is answered with 504 (and its work cancelled). */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * Audio seconds admitted at once (estimated from each upload's header, else its size); a
     * request that does not fit beside those in flight gets 503 {@code queue_full} with a {@code
     * Retry-After} for the work ahead of it, one larger than the whole budget 422 {@code too_long}.
     * Unset = 0.8 × capacity × {@link #requestTimeout()}, so admitted work finishes in time; {@code
     * 0s} = no budget (requests are only counted, {@code vigil.engine.max-in-flight}).
     */
    Optional<Duration> maxAudioInFlight();

    /** The {@code Retry-After} value sent with 503 when no budget computes one, seconds. */
    @WithDefault("1")
    int retryAfterSeconds();
  }

  /** {@code vigil.stream.*}: the limits of {@code /v1/stream} (docs/http.md). */
  interface StreamConfig {
    /**
     * Streams open at once (from the WebSocket handshake to its close); one more is closed with
     * 1013 {@code queue_full} right after the handshake. Streams take no {@code
     * vigil.engine.max-in-flight} permit; they hold their share of {@code
     * vigil.limits.max-audio-in-flight} instead.
     */
    @WithDefault("64")
    int maxStreams();

    /**
     * The longest stream: its audio, and its connection's time from the handshake to {@code
     * {"end":true}} less the idle timeout; past it the stream is closed with 1008 {@code too_long}.
     * The model's own limit, {@code vigil.limits.max-duration}, applies too.
     */
    @WithDefault("600s")
    Duration maxDuration();

    /** No message from the client for this long (before {@code {"end":true}}): closed with 1001. */
    @WithDefault("10s")
    Duration idleTimeout();

    /**
     * The largest WebSocket frame (text or binary); a larger one is refused with 1009 {@code
     * frame_too_large}. At most {@code quarkus.http.websocket-server.max-frame-size}, above which
     * Vert.x closes the connection itself (1009 without a message).
     */
    @WithDefault("64K")
    MemorySize maxFrameSize();
  }
}
