package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.runtime.model.ModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The with-methods change one field each and validate like the constructor. */
class DetectorOptionsTest {
  @Test
  void eachWithChangesOnlyItsField() {
    DetectorOptions d = DetectorOptions.defaults();
    assertNull(d.modelPath());
    assertEquals(ModelOptions.defaults(), d.model());
    DetectorOptions o =
        d.withModelPath(Path.of("m.onnx"))
            .withDevice("CPU")
            .withIntraOpThreads(3)
            .withMaxBatch(7)
            .withChannelMode(DetectorOptions.ChannelMode.SPLIT)
            .withThreshold(0.25)
            .withOperatingPoint("eer")
            .withHopSeconds(0.75)
            .withDecodeTimeout(Duration.ofSeconds(9))
            .withMaxDurationSeconds(60);
    assertEquals(
        new DetectorOptions(
            Path.of("m.onnx"),
            new ModelOptions("cpu", 3, 7),
            DetectorOptions.ChannelMode.SPLIT,
            0.25,
            "eer",
            0.75,
            Duration.ofSeconds(9),
            60),
        o);
    assertEquals(d.model().spinWait(), o.model().spinWait());
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    DetectorOptions d = DetectorOptions.defaults();
    assertEquals(
        "threshold must be in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> d.withThreshold(1.5)).getMessage());
    assertEquals(
        "maxBatch must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBatch(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.withDevice("tpu"));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxDurationSeconds(-1));
  }
}
