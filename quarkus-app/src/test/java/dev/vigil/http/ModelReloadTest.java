package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/model/reload} while the model file changes under the running service: a deleted,
 * corrupt or contract-breaking file is refused with 422 {@code model_rejected} naming the file and
 * the problem, and the loaded model keeps serving; a valid different model is swapped in; two
 * reloads at once are one 200 and one 409. The served file is a copy of the test model in a
 * directory of its own; every load waits 2 s ({@code load-delay}) so that reloads overlap.
 */
@QuarkusTest
@TestProfile(ModelReloadTest.CopiedModel.class)
class ModelReloadTest {
  private static final Path MODELS = Path.of("target", "test-models");
  private static final Path ORIGINAL = MODELS.resolve("two_experts_mlp.onnx");

  /** Serves a copy of the test model, loaded 2 s after each start of a load. */
  public static class CopiedModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory(Path.of("target"), "reload-model-");
        Path file = dir.resolve("model.onnx");
        Files.copy(ORIGINAL, file);
        return Map.of(
            "vigil.model.path", file.toAbsolutePath().toString(), "vigil.model.load-delay", "2s");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A thread per request: reloads block for seconds. */
  private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

  private static Path served() {
    return Path.of(ConfigProvider.getConfig().getValue("vigil.model.path", String.class));
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  /** The file is the test model again, whatever a test did to it. */
  @AfterEach
  void restore() throws IOException {
    Files.copy(ORIGINAL, served(), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aDeletedFileIsRefusedAndTheLoadedModelKeepsServing() throws IOException {
    Files.delete(served());
    assertRefusedWhileServing("model file not found");
  }

  @Test
  void aCorruptFileIsRefusedAndTheLoadedModelKeepsServing() throws IOException {
    Files.write(
        served(), "this is not an ONNX model\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    assertRefusedWhileServing("not an ONNX model file");
  }

  @Test
  void aFileThatBreaksTheModelContractIsRefused() throws IOException {
    Files.copy(
        MODELS.resolve("two_experts_mlp-input_shape.onnx"),
        served(),
        StandardCopyOption.REPLACE_EXISTING);
    assertRefusedWhileServing("input logmel has shape");
  }

  private static void assertRefusedWhileServing(String problem) {
    String id = modelId();
    double refused = Fixtures.metric("vigil_model_reloads_total", "result=\"model_rejected\"");
    detectServedBy(id);
    Response r = given().post("/v1/model/reload");
    assertEquals(422, r.statusCode(), r.asString());
    assertEquals("model_rejected", r.jsonPath().getString("error"));
    String message = r.jsonPath().getString("message");
    assertTrue(message.contains(served().toString()), message);
    assertTrue(message.contains(problem), message);
    assertTrue(message.contains("still serving " + id), message);
    assertFalse(message.contains("\n"), "one line: " + message);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'model' }.data.model_id", equalTo(id));
    detectServedBy(id);
    assertEquals(id, modelId());
    assertTrue(
        Fixtures.metric("vigil_model_reloads_total", "result=\"model_rejected\"")
            >= Math.max(refused, 0) + 1);
  }

  @Test
  void aValidDifferentModelIsSwappedIn() throws Exception {
    String before = modelId();
    Files.copy(MODELS.resolve("single_logmel.onnx"), served(), StandardCopyOption.REPLACE_EXISTING);
    Response r = given().post("/v1/model/reload");
    assertEquals(200, r.statusCode(), r.asString());
    String after = r.jsonPath().getString("model.id");
    assertNotEquals(before, after);
    assertEquals(List.of("lcnn_logmel"), r.jsonPath().getList("experts.name"));
    assertEquals(after, modelId());
    detectServedBy(after);
    // the replaced model closes once idle
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Fixtures.metric("vigil_model_retiring", "") != 0 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertEquals(0.0, Fixtures.metric("vigil_model_retiring", ""));
    assertTrue(Fixtures.metric("vigil_model_reloads_total", "result=\"ok\"") >= 1);
  }

  @Test
  void twoReloadsAtOnceAreOneAtATime() throws Exception {
    CompletableFuture<Response> a =
        CompletableFuture.supplyAsync(() -> given().post("/v1/model/reload"), CLIENTS);
    CompletableFuture<Response> b =
        CompletableFuture.supplyAsync(() -> given().post("/v1/model/reload"), CLIENTS);
    // each load waits 2 s before it starts: the two requests overlap
    Response first = a.get();
    Response second = b.get();
    Response refused = first.statusCode() == 409 ? first : second;
    Response done = refused == first ? second : first;
    assertEquals(200, done.statusCode(), done.asString());
    assertEquals(409, refused.statusCode(), refused.asString());
    assertEquals("reload_in_progress", refused.jsonPath().getString("error"));
    assertTrue(
        refused.jsonPath().getString("message").contains("another reload"),
        refused.jsonPath().getString("message"));
    detectServedBy(modelId());
  }

  private static String modelId() {
    return given()
        .get("/v1/model")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("model.id");
  }

  private static void detectServedBy(String id) {
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav4s())
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("model_id", equalTo(id));
  }
}
