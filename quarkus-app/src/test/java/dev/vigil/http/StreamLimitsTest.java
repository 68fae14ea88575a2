package dev.vigil.http;

import static dev.vigil.http.StreamTest.WAIT;
import static dev.vigil.http.StreamTest.assertClosedWith;
import static dev.vigil.http.StreamTest.pcm;
import static dev.vigil.http.StreamTest.sendFrames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code vigil.stream.*} limits, set small: two streams at once (a third is closed with 1013),
 * 1 s idle (1001), 5 s of audio or 6 s open (1008), frames of 8 KiB (1009). Streams are only
 * counted here (no work budget; {@link StreamBudgetTest} has one).
 */
@QuarkusTest
@TestProfile(StreamLimitsTest.SmallLimits.class)
class StreamLimitsTest {

  /** The limits. */
  public static class SmallLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "vigil.stream.max-streams", "2",
          "vigil.stream.idle-timeout", "1s",
          "vigil.stream.max-duration", "5s",
          "vigil.stream.max-frame-size", "8K",
          "vigil.limits.max-audio-in-flight", "0s");
    }
  }

  @BeforeEach
  void ready() throws InterruptedException {
    Fixtures.awaitReadyAndIdle();
  }

  /** Streams 4 s and checks the result arrives with a normal close. */
  private static void streamToTheEnd(StreamClient c) throws Exception {
    sendFrames(c, pcm(Fixtures.wav(4)), 8000);
    c.end();
    assertEquals(1000, c.awaitClose(WAIT), c.messages().toString());
  }

  @Test
  void aThirdStreamIs1013WhileTwoAreOpen() throws Exception {
    double refused =
        Math.max(0, Fixtures.metric("vigil_stream_refusals_total", "reason=\"max_streams\""));
    try (StreamClient a = StreamClient.connect(RestAssured.port);
        StreamClient b = StreamClient.connect(RestAssured.port)) {
      a.start(16000, 1, "pcm_s16le");
      b.start(16000, 1, "pcm_s16le");
      try (StreamClient c = StreamClient.connect(RestAssured.port)) {
        assertClosedWith(c, 1013, "queue_full", "2 streams open (vigil.stream.max-streams)");
      }
      assertEquals(
          refused + 1, Fixtures.metric("vigil_stream_refusals_total", "reason=\"max_streams\""));
      assertEquals(2.0, Fixtures.metric("vigil_stream_open", ""));
      streamToTheEnd(a);
      try (StreamClient c = StreamClient.connect(RestAssured.port)) {
        c.start(16000, 1, "pcm_s16le");
        streamToTheEnd(c); // a place is free again
      }
      streamToTheEnd(b);
    }
  }

  @Test
  void aQuietClientIsClosedWith1001() throws Exception {
    long t0 = System.nanoTime();
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      assertClosedWith(
          c, 1001, "idle_timeout", "no message for 1000 ms (vigil.stream.idle-timeout)");
      assertTrue(System.nanoTime() - t0 >= 900_000_000L, "not before the idle timeout");
    }
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      sendFrames(c, pcm(Fixtures.wav(3.5)), 8000);
      assertClosedWith(c, 1001, "idle_timeout", "vigil.stream.idle-timeout");
      assertEquals(2, c.messages().size(), "the window scored before, then the error");
    }
  }

  @Test
  void moreAudioThanTheMaxDurationIs1008() throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      sendFrames(c, pcm(Fixtures.wav(6)), 8000);
      assertClosedWith(
          c, 1008, "too_long", "stream: more than 5 s of audio (vigil.stream.max-duration)");
    }
  }

  @Test
  void aStreamOpenLongerThanTheMaxDurationIs1008() throws Exception {
    // 0.1 s of audio every 0.5 s: never idle, never 5 s of audio, but open past 5 s + 1 s
    long t0 = System.nanoTime();
    byte[] tenth = pcm(Fixtures.wav(0.1));
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      while (!c.isClosed() && System.nanoTime() - t0 < 20_000_000_000L) {
        c.binary(tenth, 0, tenth.length);
        Thread.sleep(500);
      }
      assertClosedWith(c, 1008, "too_long", "open for longer than vigil.stream.max-duration");
      assertTrue(System.nanoTime() - t0 >= 5_900_000_000L, "not before 6 s");
    }
  }

  @Test
  void framesAboveTheMaxFrameSizeAre1009() throws Exception {
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.start(16000, 1, "pcm_s16le");
      c.binary(new byte[8192], 0, 8192); // the limit itself passes
      c.binary(new byte[8194], 0, 8194);
      assertClosedWith(
          c,
          1009,
          "frame_too_large",
          "frame of 8194 bytes is larger than vigil.stream.max-frame-size");
    }
    try (StreamClient c = StreamClient.connect(RestAssured.port)) {
      c.text("{\"sample_rate\":16000" + " ".repeat(5000) + "}");
      assertClosedWith(c, 1009, "frame_too_large", "text message of more than 4096 bytes");
    }
    assertTrue(
        Fixtures.metric("vigil_stream_ends_total", "outcome=\"frame_too_large\"") >= 2,
        "ends counted by outcome");
  }
}
