package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.runtime.testing.TestModels;
import dev.vigil.runtime.testing.TestModels.Defect;
import dev.vigil.runtime.testing.TestModels.Variant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelContractTest {

  private static ModelException refuse(Variant v, Defect d) {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> Model.load(TestModels.bytes(v, d), "m.onnx", ModelOptions.cpu(1)).close());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void unknownContractVersion() {
    ModelException e = refuse(Variant.SINGLE_LOGMEL, Defect.CONTRACT_VERSION);
    assertEquals(ModelException.Check.CONTRACT_VERSION, e.check());
    assertEquals(
        "m.onnx: unsupported model contract version 2 (this runtime reads version 1)",
        e.getMessage());
  }

  @Test
  void weightsShaMismatch() throws Exception {
    ModelException e = refuse(Variant.TWO_EXPERTS_MLP, Defect.WEIGHTS_SHA256);
    assertEquals(ModelException.Check.WEIGHTS_SHA256, e.check());
    String actual = OnnxFile.parse(TestModels.bytes(Variant.TWO_EXPERTS_MLP)).weightsSha256();
    String recorded = (actual.charAt(0) == '0' ? '1' : '0') + actual.substring(1);
    assertEquals(
        "m.onnx: weights SHA-256 mismatch: metadata vigil.weights_sha256 is "
            + recorded
            + " but the file's initializers hash to "
            + actual
            + " (corrupted or altered model)",
        e.getMessage());
  }

  @Test
  void alteredWeightsAreCaughtByTheHash() throws Exception {
    byte[] bytes = TestModels.bytes(Variant.SINGLE_LOGMEL);
    // flip one byte of a float initializer value: find the bias -1.2f (0xBF99999A little-endian)
    int at = -1;
    for (int i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] == (byte) 0x9A
          && bytes[i + 1] == (byte) 0x99
          && bytes[i + 2] == (byte) 0x99
          && bytes[i + 3] == (byte) 0xBF) {
        at = i;
        break;
      }
    }
    assertFalse(at < 0, "bias bytes not found");
    bytes[at] ^= 1;
    byte[] altered = bytes;
    ModelException e =
        assertThrows(
            ModelException.class, () -> Model.load(altered, "m.onnx", ModelOptions.cpu(1)));
    assertEquals(ModelException.Check.WEIGHTS_SHA256, e.check());
  }

  @Test
  void missingMetadataKey() {
    ModelException e = refuse(Variant.SINGLE_LOGMEL, Defect.MISSING_METADATA);
    assertEquals(ModelException.Check.METADATA, e.check());
    assertEquals("m.onnx: missing metadata key vigil.segment", e.getMessage());
  }

  @Test
  void malformedMetadataKey() {
    ModelException e = refuse(Variant.SINGLE_LOGMEL, Defect.MALFORMED_METADATA);
    assertEquals(ModelException.Check.METADATA, e.check());
    assertEquals(
        true,
        e.getMessage()
            .startsWith("m.onnx: metadata vigil.thresholds is ill-formed: not valid JSON"),
        e.getMessage());
  }

  @Test
  void inputShapeMismatch() {
    ModelException e = refuse(Variant.SINGLE_LOGMEL, Defect.INPUT_SHAPE);
    assertEquals(ModelException.Check.INPUTS, e.check());
    assertEquals(
        "m.onnx: input logmel has shape [N, 1, 64, 301], expected [N, 1, 80, 301] from the"
            + " metadata",
        e.getMessage());
  }

  @Test
  void waveformInputWithoutClassicGate() {
    ModelException e = refuse(Variant.TWO_EXPERTS_MLP, Defect.UNEXPECTED_WAVEFORM);
    assertEquals(ModelException.Check.INPUTS, e.check());
    assertEquals(
        "m.onnx: graph inputs [loglinear, logmel, waveform] do not match the metadata, which"
            + " expects [loglinear, logmel] (waveform is an input only when vigil.gate type is"
            + " classic)",
        e.getMessage());
  }

  @Test
  void classicGateWithoutWaveformInput() {
    ModelException e = refuse(Variant.CLASSIC_WAVEFORM, Defect.MISSING_WAVEFORM);
    assertEquals(ModelException.Check.INPUTS, e.check());
    assertEquals(
        "m.onnx: graph inputs [loglinear, logmel] do not match the metadata, which expects"
            + " [loglinear, logmel, waveform] (a classic gate reads the input waveform)",
        e.getMessage());
  }

  @Test
  void fixedBatchDimensionIsRefused() throws Exception {
    ai.onnx.proto.OnnxMl.ModelProto.Builder proto =
        ai.onnx.proto.OnnxMl.ModelProto.parseFrom(TestModels.bytes(Variant.SINGLE_LOGMEL))
            .toBuilder();
    proto
        .getGraphBuilder()
        .getInputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .setDimValue(4);
    byte[] fixed = proto.build().toByteArray();
    ModelException e =
        assertThrows(ModelException.class, () -> Model.load(fixed, "m.onnx", ModelOptions.cpu(1)));
    assertEquals(ModelException.Check.INPUTS, e.check());
    assertEquals(
        "m.onnx: input logmel has shape [4, 1, 80, 301], expected [N, 1, 80, 301] from the"
            + " metadata",
        e.getMessage());
  }

  @Test
  void missingOutput() {
    ModelException e = refuse(Variant.TWO_EXPERTS_MLP, Defect.MISSING_OUTPUT);
    assertEquals(ModelException.Check.OUTPUTS, e.check());
    assertEquals(
        "m.onnx: missing output gate_weights (graph outputs: score, expert_scores; required:"
            + " score, expert_scores, gate_weights)",
        e.getMessage());
  }

  @Test
  void metadataFieldChecksNameTheKeyAndTheValidValues() throws Exception {
    byte[] good = TestModels.bytes(Variant.SINGLE_LOGMEL);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        ModelContract.KEY_GATE,
        "m.onnx: metadata vigil.gate is ill-formed: unknown gate type 'moe' (valid: attention, mlp,"
            + " classic, single)");
    cases.put(
        ModelContract.KEY_EXPERTS,
        "m.onnx: metadata vigil.experts is ill-formed: expert e reads front end 'cqt', which"
            + " vigil.features does not define (defined: logmel)");
    cases.put(
        ModelContract.KEY_THRESHOLDS,
        "m.onnx: metadata vigil.thresholds is ill-formed: default names 'strict', which is not one"
            + " of [eer]");
    cases.put(
        ModelContract.KEY_SEGMENT,
        "m.onnx: metadata vigil.segment is ill-formed: field hop_samples must be an integer");
    cases.put(
        ModelContract.KEY_WEIGHTS_SHA256,
        "m.onnx: metadata vigil.weights_sha256 is ill-formed: must be 64 lowercase hex digits");
    Map<String, String> values =
        Map.of(
            ModelContract.KEY_GATE, "{\"type\":\"moe\",\"parameters\":1}",
            ModelContract.KEY_EXPERTS,
                "[{\"name\":\"e\",\"architecture\":\"lcnn\",\"feature\":\"cqt\",\"parameters\":1}]",
            ModelContract.KEY_THRESHOLDS, "{\"eer\":0.5,\"default\":\"strict\"}",
            ModelContract.KEY_SEGMENT, "{\"sample_rate\":16000,\"window_samples\":48000}",
            ModelContract.KEY_WEIGHTS_SHA256, "ABC");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      byte[] bad = OnnxFile.withMetadata(good, Map.of(c.getKey(), values.get(c.getKey())));
      ModelException e =
          assertThrows(ModelException.class, () -> Model.load(bad, "m.onnx", ModelOptions.cpu(1)));
      assertEquals(ModelException.Check.METADATA, e.check());
      assertEquals(c.getValue(), e.getMessage());
    }
  }

  @Test
  void thresholdResolutionNamesTheModelsPoints() throws Exception {
    ModelMetadata meta =
        ModelMetadata.parse(
            OnnxFile.parse(TestModels.bytes(Variant.SINGLE_LOGMEL)).metadata(), "m");
    Thresholds t = meta.thresholds();
    assertEquals(0.5, t.resolve(null, null));
    assertEquals(0.7, t.resolve(null, "fpr_1pct"));
    assertEquals(0.25, t.resolve(0.25, "fpr_1pct"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.resolve(null, "eer2"));
    assertEquals("unknown operating point 'eer2' (this model has: eer, fpr_1pct)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.resolve(1.5, null));
  }

  @Test
  void modelIdIsTheFirstTwelveHexDigits() {
    assertEquals("sha256:0123456789ab", ModelContract.modelId("0123456789abcdef" + "0".repeat(48)));
  }
}
