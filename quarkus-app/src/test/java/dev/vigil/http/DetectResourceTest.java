package dev.vigil.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Detector;
import dev.vigil.runtime.DetectorOptions;
import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.verdict.FileVerdict;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DetectResourceTest {

  private static Path modelFile() {
    return Path.of(ConfigProvider.getConfig().getValue("vigil.model.path", String.class));
  }

  /** The test model as the runtime loads it (id, metadata). */
  private static dev.vigil.runtime.model.ModelInfo modelInfo() throws Exception {
    try (dev.vigil.runtime.model.Model m =
        dev.vigil.runtime.model.Model.load(
            modelFile(), dev.vigil.runtime.model.ModelOptions.cpu(1))) {
      return m.info();
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReady(Duration.ofSeconds(60));
  }

  @Test
  void rawBodyIsScoredExactlyAsTheLibraryScoresIt() throws Exception {
    byte[] wav = Fixtures.wav4s();
    JsonPath json =
        given()
            .contentType("audio/wav")
            .body(wav)
            .post("/v1/detect")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .jsonPath();
    Path model = Path.of(ConfigProvider.getConfig().getValue("vigil.model.path", String.class));
    FileVerdict expected;
    try (Detector d =
        Detector.open(DetectorOptions.defaults().withModelPath(model).withDevice("cpu"))) {
      expected = d.detect(AudioSource.of(wav, "upload")).get(0);
    }
    assertEquals("upload", json.getString("path"));
    assertEquals(expected.score(), json.getDouble("score"), 1e-6);
    assertEquals(expected.label().wireName(), json.getString("label"));
    assertEquals(expected.threshold(), json.getDouble("threshold"), 1e-12);
    assertEquals(2, json.getInt("n_segments"));
    assertEquals(4.0, json.getDouble("duration_s"), 1e-3);
    assertEquals("pcm_s16le", json.getString("codec"));
    assertEquals(modelInfo().id(), json.getString("model_id"));
    assertEquals(expected.expertNames(), new ArrayList<>(json.getMap("expert_scores").keySet()));
    assertNull(json.get("error"));
    assertNull(json.get("segments"), "segments only when asked for");
  }

  @Test
  void multipartFieldFileIsScoredAndNamedByItsFileName() {
    given()
        .multiPart("note", "ignored")
        .multiPart("file", "call 01.wav", Fixtures.wav4s(), "audio/wav")
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("path", equalTo("call 01.wav"))
        .body("n_segments", equalTo(2));
  }

  @Test
  void multipartWithoutFileFieldIsA400NamingTheFieldsPresent() {
    given()
        .multiPart("audio", "x.wav", Fixtures.wav4s(), "audio/wav")
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("no field 'file'"))
        .body("message", containsString("audio"));
  }

  @Test
  void segmentsTrueAddsTheTimeline() {
    given()
        .contentType("application/octet-stream")
        .body(Fixtures.wav4s())
        .queryParam("segments", "true")
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("segments", hasSize(2))
        .body("segments[0].start_s", equalTo(0.0f))
        .body("segments[1].end_s", equalTo(4.0f));
  }

  @Test
  void thresholdAndOperatingPointRelabel() throws Exception {
    byte[] wav = Fixtures.wav4s();
    given()
        .contentType("audio/wav")
        .body(wav)
        .queryParam("threshold", "0")
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("label", equalTo("spoof"))
        .body("threshold", equalTo(0.0f));
    double score =
        given().contentType("audio/wav").body(wav).post("/v1/detect").jsonPath().getDouble("score");
    if (score < 1.0) {
      given()
          .contentType("audio/wav")
          .body(wav)
          .queryParam("threshold", "1")
          .post("/v1/detect")
          .then()
          .statusCode(200)
          .body("label", equalTo("bonafide"));
    }
    Map<String, Double> points = modelInfo().metadata().thresholds().points();
    String name = points.keySet().iterator().next();
    given()
        .contentType("audio/wav")
        .body(wav)
        .queryParam("operating_point", name)
        .post("/v1/detect")
        .then()
        .statusCode(200)
        .body("threshold", equalTo(points.get(name).floatValue()));
  }

  @Test
  void badQueryParametersAre400WithTheValidValues() {
    byte[] wav = Fixtures.wav4s();
    given()
        .contentType("audio/wav")
        .body(wav)
        .queryParam("threshold", "1.5")
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("[0, 1]"));
    given()
        .contentType("audio/wav")
        .body(wav)
        .queryParam("operating_point", "nope")
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("message", containsString("nope"))
        .body("message", containsString("eer"));
    given()
        .contentType("audio/wav")
        .body(wav)
        .queryParam("segments", "maybe")
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("message", containsString("segments"));
  }

  @Test
  void undecodableBytesAre400() {
    byte[] junk = new byte[4096];
    new java.util.Random(3).nextBytes(junk);
    given()
        .contentType("application/octet-stream")
        .body(junk)
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("error", equalTo("undecodable"))
        .body("message", startsWith("upload: "));
  }

  @Test
  void emptyBodyIs400() {
    given()
        .contentType("application/octet-stream")
        .body(new byte[0])
        .post("/v1/detect")
        .then()
        .statusCode(400)
        .body("error", equalTo("empty"));
  }

  @Test
  void wrongContentTypeIs415() {
    given()
        .contentType("text/plain")
        .body("hello")
        .post("/v1/detect")
        .then()
        .statusCode(415)
        .body("error", equalTo("unsupported_media_type"))
        .body("message", containsString("application/octet-stream"));
  }

  @Test
  void tooShortTooLongAndSilenceAre422() {
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(0.5))
        .post("/v1/detect")
        .then()
        .statusCode(422)
        .body("error", equalTo("too_short"));
    // the test profile limits audio to 20 s (vigil.limits.max-duration)
    given()
        .contentType("audio/wav")
        .body(Fixtures.wav(25))
        .post("/v1/detect")
        .then()
        .statusCode(422)
        .body("error", equalTo("too_long"));
    given()
        .contentType("audio/wav")
        .body(Fixtures.silentWav(4))
        .post("/v1/detect")
        .then()
        .statusCode(422)
        .body("error", equalTo("silence"));
  }

  @Test
  void bodyLargerThanTheLimitIs413BeforeItIsRead() {
    // the test profile sets vigil.limits.max-body-size=1M
    byte[] big = new byte[1024 * 1024 + 1];
    given()
        .contentType("application/octet-stream")
        .body(big)
        .post("/v1/detect")
        .then()
        .statusCode(413)
        .contentType("application/json")
        .body("error", equalTo("body_too_large"))
        .body("message", containsString("1048576"));
    byte[] atLimit = Fixtures.wav(30); // 960 KB: fits, and is refused for its duration instead
    assertTrue(atLimit.length < 1024 * 1024);
    given().contentType("audio/wav").body(atLimit).post("/v1/detect").then().statusCode(422);
  }

  @Test
  void unknownPathsAndMethodsAnswerJson() {
    given().get("/v1/nothing").then().statusCode(404).body("error", equalTo("not_found"));
    given().get("/v1/detect").then().statusCode(405).body("error", equalTo("method_not_allowed"));
  }

  @Test
  void modelEndpointDescribesTheLoadedModelAsVigilInfoDoes() throws Exception {
    var info = modelInfo();
    Path file = modelFile();
    given()
        .get("/v1/model")
        .then()
        .statusCode(200)
        .body("model.id", equalTo(info.id()))
        .body("model.id", startsWith("sha256:"))
        .body("model.version", equalTo(info.version()))
        .body("model.source", equalTo(file.getFileName().toString()))
        .body("model.file_bytes", equalTo((int) java.nio.file.Files.size(file)))
        .body("model.weights_sha256", equalTo(info.metadata().weightsSha256()))
        .body("contract_version", equalTo(1))
        .body("serving.execution_provider", equalTo("cpu"))
        .body("serving.threshold", equalTo((float) info.metadata().thresholds().defaultThreshold()))
        .body("experts", hasSize(info.metadata().experts().size()))
        .body("experts[0].name", equalTo(info.metadata().experts().get(0).name()))
        .body("thresholds.default", equalTo(info.metadata().thresholds().defaultPoint()))
        .body("segment.window_samples", equalTo(48000));
  }

  @Test
  void healthIsUpAndNamesTheModel() throws Exception {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'model' }.data.model_id", equalTo(modelInfo().id()));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void openApiDocumentsExactlyTheFieldsARealVerdictHas() {
    JsonPath doc = given().queryParam("format", "json").get("/q/openapi").jsonPath();
    Map<String, Object> props = doc.getMap("components.schemas.Verdict.properties");
    Map<String, Object> real =
        given()
            .contentType("audio/wav")
            .body(Fixtures.wav4s())
            .queryParam("segments", "true")
            .post("/v1/detect")
            .jsonPath()
            .getMap("$");
    assertEquals(new TreeSet<>(real.keySet()), new TreeSet<>(props.keySet()));
    Map<String, Object> modelProps = doc.getMap("components.schemas.Model.properties");
    Map<String, Object> model = given().get("/v1/model").jsonPath().getMap("$");
    assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(modelProps.keySet()));
    assertTrue(doc.getMap("paths").containsKey("/v1/detect"));
    assertTrue(doc.getMap("paths").containsKey("/v1/model"));
    assertTrue(doc.getMap("paths").containsKey("/v1/model/reload"));
    // the resource method takes no body (BodyIntake reads it): the document still describes it
    Map<String, Object> body = doc.getMap("paths.'/v1/detect'.post.requestBody.content");
    assertTrue(
        body.keySet().containsAll(List.of("application/octet-stream", "multipart/form-data")));
    assertEquals(
        List.of("file"),
        List.copyOf(doc.getMap("components.schemas.UploadForm.properties").keySet()));
  }

  @Test
  void concurrentRequestsAreMicroBatchedAndCounted() throws Exception {
    byte[] wav = Fixtures.wav4s();
    int n = 16;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        calls.add(() -> given().contentType("audio/wav").body(wav).post("/v1/detect").statusCode());
      }
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertEquals(200, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    Response metrics = given().get("/q/metrics");
    assertEquals(200, metrics.statusCode());
    String text = metrics.asString();
    Matcher max =
        Pattern.compile("(?m)^vigil_engine_batch_size_segments_max\\S* (\\S+)$").matcher(text);
    assertTrue(max.find(), "no batch-size max in /q/metrics");
    assertTrue(Double.parseDouble(max.group(1)) > 1, "batch size max " + max.group(1));
    Matcher ok =
        Pattern.compile(
                "(?m)^vigil_detect_requests_seconds_count\\{[^}]*outcome=\"ok\"[^}]*\\} (\\S+)$")
            .matcher(text);
    assertTrue(ok.find(), "no request counter in /q/metrics");
    assertTrue(Double.parseDouble(ok.group(1)) >= n);
    assertTrue(text.contains("vigil_engine_inference_seconds_bucket"));
    assertTrue(text.contains("vigil_engine_files_in_flight"));
  }
}
