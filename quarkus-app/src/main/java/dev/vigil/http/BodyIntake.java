package dev.vigil.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.runtime.decode.AudioDecoders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads the body of {@code POST /v1/detect} before the resource runs, chunk by chunk as it arrives
 * ({@link BodyReader}): into the heap while it is small and the shared body memory has room, else
 * into a temporary file. A body that passes {@code vigil.limits.max-body-size} is refused with 413
 * as soon as it does, with or without a {@code Content-Length}; a refused body's remaining bytes
 * are drained for a moment (so that clients that write the whole body before reading see the
 * answer) and the connection is then closed. The {@link DetectResource} finds the {@link Upload} in
 * the routing context under {@link #UPLOAD}; RESTEasy never buffers the body, since the resource
 * method takes none. The request holds the upload until its response is over (sent or the
 * connection closed).
 */
@ApplicationScoped
public class BodyIntake {
  private static final Logger LOG = Logger.getLogger(BodyIntake.class);

  /** The routing-context key of the {@link Upload}. */
  static final String UPLOAD = "vigil.upload";

  /** The routing-context key of the {@link Admission} taken from the body's first bytes. */
  static final String ADMISSION = "vigil.admission";

  /** How long a refused body is drained before the connection is closed. */
  static final long LINGER_MILLIS = 2000;

  private final BodyLimits limits;
  private final BodyMemory memory;
  private final ObjectMapper json;
  private final ServiceMetrics metrics;
  private final ModelService models;
  private final VigilConfig config;

  /** CDI constructor. */
  @Inject
  public BodyIntake(
      VigilConfig config, ObjectMapper json, ServiceMetrics metrics, ModelService models) {
    VigilConfig.LimitsConfig l = config.limits();
    this.limits =
        new BodyLimits(
            l.maxBodySize().asLongValue(),
            l.spillThreshold().asLongValue(),
            l.spillDirectory()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "vigil-uploads")));
    this.memory = new BodyMemory(l.bodyMemory().asLongValue());
    this.json = json;
    this.metrics = metrics;
    this.models = models;
    this.config = config;
    metrics.bodyMemory(memory);
  }

  void install(@Observes Router router) {
    Path dir = limits.spillDirectory();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      LOG.errorf(
          "cannot create the spill directory %s (vigil.limits.spill-directory): %s; uploads above"
              + " %d bytes will fail",
          dir, e, limits.spillThreshold());
    }
    // after RequestGuard (Integer.MIN_VALUE), before Quarkus's own upload limit (-2)
    router.post("/v1/detect").order(Integer.MIN_VALUE + 2).handler(rc -> new Reading(rc).start());
  }

  /** One request's body being read. Every callback runs on the request's event loop. */
  private final class Reading {
    private final RoutingContext rc;
    private final HttpServerRequest request;
    private final long t0 = System.nanoTime();
    private BodyReader reader;
    private boolean over;
    private boolean refused;
    private boolean written;
    private boolean closeWanted;
    private boolean judged;
    private long drained;
    private long timer = -1;

    Reading(RoutingContext rc) {
      this.rc = rc;
      this.request = rc.request();
    }

    void start() {
      request.pause();
      rc.addEndHandler(ar -> abort()); // the answer went out, or the connection closed, first
      request.exceptionHandler(t -> abort());
      request.handler(this::chunk);
      request.endHandler(v -> end());
      try {
        reader =
            BodyReader.open(
                request.getHeader(HttpHeaders.CONTENT_TYPE), declaredLength(), limits, memory);
      } catch (ApiException e) {
        refuse(e);
      }
      if (!over && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        rc.response().writeContinue(); // only now: a refused client never sends its body
      }
      request.resume();
    }

    private long declaredLength() {
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      try {
        return length == null ? -1 : Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        return -1; // RequestGuard answers a bad Content-Length before this runs
      }
    }

    @SuppressWarnings("deprecation") // getByteBuf: the bytes without a copy (Vert.x 4.5)
    private void chunk(Buffer buffer) {
      if (over) {
        drain(buffer.length());
        return;
      }
      try {
        reader.offer(buffer.getByteBuf());
        if (!judged) {
          admitEarly();
        }
      } catch (ApiException e) {
        refuse(e);
      } catch (RuntimeException e) {
        refuse(internal(e));
      }
    }

    private void end() {
      if (over) {
        if (refused) {
          closeSoon();
        }
        return;
      }
      over = true;
      Upload upload;
      try {
        upload = reader.finish();
      } catch (ApiException e) {
        answer(e, false);
        return;
      } catch (RuntimeException e) {
        answer(internal(e), false);
        return;
      }
      if (upload.inFile()) {
        metrics.spilled();
      }
      rc.put(UPLOAD, upload);
      rc.addEndHandler(ar -> upload.release());
      rc.next();
    }

    /**
     * Once the audio's first {@link BodyStore#HEAD_BYTES} are here: when they state its duration
     * (WAV, FLAC), holds it in the work budget or refuses the request now, before the rest of the
     * body is read and stored. Otherwise the resource decides on the whole upload.
     */
    private void admitEarly() {
      BodyStore store = reader.audioStore();
      if (store == null || store.headLength() < BodyStore.HEAD_BYTES) {
        return;
      }
      judged = true;
      WorkBudget budget = models.budget();
      if (budget == null) {
        return;
      }
      long total = reader.raw() ? declaredLength() : -1;
      double seconds = AudioDecoders.headSeconds(store.head(), store.headLength(), total);
      if (!(seconds >= 0)) {
        return;
      }
      Admission held = Admission.admit(budget, seconds, "upload", config);
      rc.put(ADMISSION, held);
      rc.addEndHandler(ar -> held.release()); // also when the body never completes
    }

    private void abort() {
      over = true;
      if (reader != null) {
        reader.abort();
      }
    }

    /** Refuses the request before its body is read to the end. */
    private void refuse(ApiException e) {
      abort();
      refused = true;
      boolean pending = !request.isEnded();
      answer(e, pending);
      if (pending && request.version() != HttpVersion.HTTP_2) {
        timer = rc.vertx().setTimer(LINGER_MILLIS, id -> closeSoon());
      }
    }

    private void answer(ApiException e, boolean close) {
      over = true;
      metrics.request(e.code().wireName(), System.nanoTime() - t0);
      int retryAfter =
          e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() : config.limits().retryAfterSeconds();
      RouteErrors.send(rc, json, e.code(), e.getMessage(), close, retryAfter)
          .onComplete(
              ar -> {
                written = true;
                if (closeWanted) {
                  closeNow();
                }
              });
    }

    /** Counts what arrives after a refusal; closes once it is as large as a whole body. */
    private void drain(int n) {
      drained += n;
      if (refused && drained > limits.maxBodySize()) {
        closeSoon();
      }
    }

    private void closeSoon() {
      closeWanted = true;
      if (written) {
        closeNow();
      }
    }

    private void closeNow() {
      if (timer >= 0) {
        rc.vertx().cancelTimer(timer);
        timer = -1;
      }
      if (request.version() != HttpVersion.HTTP_2) {
        request.connection().close();
      }
    }

    private ApiException internal(RuntimeException e) {
      String incident = UUID.randomUUID().toString();
      if (e instanceof UncheckedIOException) {
        LOG.errorf("cannot store an upload, incident %s: %s", incident, e.getMessage());
      } else {
        LOG.errorf(e, "internal error while reading an upload, incident %s", incident);
      }
      return new ApiException(
          ErrorCode.INTERNAL, "internal error (incident " + incident + "; see the server log)");
    }
  }
}
