package dev.vigil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioInputException.Problem;
import dev.vigil.runtime.model.ModelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Runs inside Quarkus so that main classes load in its class loader only (see docs/http.md). */
@io.quarkus.test.junit.QuarkusTest
class ErrorCodeTest {

  @Test
  void everyProblemHasTheStatusDecisionsMdAsksFor() {
    for (Problem p : Problem.values()) {
      int status = ErrorCode.of(p).status();
      int expected =
          switch (p) {
            case UNSUPPORTED_FORMAT -> 415;
            case TOO_SHORT, TOO_LONG, SILENCE_ONLY -> 422;
            case TIMEOUT -> 504;
            default -> 400;
          };
      assertEquals(expected, status, p.name());
    }
    assertEquals("silence", ErrorCode.of(Problem.SILENCE_ONLY).wireName());
    assertEquals("unsupported_format", ErrorCode.of(Problem.UNSUPPORTED_FORMAT).wireName());
  }

  @Test
  void reloadRefusalsHaveTheirOwnCodes() {
    assertEquals(409, ErrorCode.RELOAD_IN_PROGRESS.status());
    assertEquals("reload_in_progress", ErrorCode.RELOAD_IN_PROGRESS.wireName());
    assertEquals(422, ErrorCode.MODEL_REJECTED.status());
    assertEquals("model_rejected", ErrorCode.MODEL_REJECTED.wireName());
  }

  @Test
  void engineFailuresMapToApiErrorsThroughWrappers() {
    AudioInputException tooShort = new AudioInputException("a.wav", Problem.TOO_SHORT, "0.4 s");
    ApiException e = DetectResource.apiException(new CompletionException(tooShort));
    assertEquals(ErrorCode.TOO_SHORT, e.code());
    assertEquals("a.wav: 0.4 s", e.getMessage());
    assertEquals(
        ErrorCode.DEADLINE_EXCEEDED,
        DetectResource.apiException(new CancellationException()).code());
    assertEquals(
        ErrorCode.NOT_READY,
        DetectResource.apiException(new IllegalStateException("detection engine is closed"))
            .code());
    ModelException run =
        new ModelException(
            ModelException.Check.INFERENCE, "m.onnx: ONNX Runtime failed on a batch");
    assertEquals(
        ErrorCode.INTERNAL, DetectResource.apiException(new CompletionException(run)).code());
    ApiException internal = DetectResource.apiException(new NullPointerException("secret detail"));
    assertEquals(ErrorCode.INTERNAL, internal.code());
    assertTrue(internal.getMessage().startsWith("internal error (incident "));
    assertTrue(!internal.getMessage().contains("secret"), "no internals in the answer");
  }

  @Test
  void cleanNameStripsDirectoriesAndControlCharacters() {
    assertEquals("c.wav", BodyReader.cleanName("../../a\\b/c.wav"));
    assertEquals("a_b.wav", BodyReader.cleanName("a\nb.wav"));
    assertEquals("upload", BodyReader.cleanName("dir/"));
  }
}
