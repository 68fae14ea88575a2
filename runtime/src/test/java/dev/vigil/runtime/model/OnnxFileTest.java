package dev.vigil.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl;
import dev.vigil.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFileTest {

  @Test
  void weightsShaEqualsShaOverInitializersSerializedByProtobuf() throws Exception {
    byte[] bytes = TestModels.bytes(TestModels.Variant.TWO_EXPERTS_MLP);
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(bytes);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (OnnxMl.TensorProto t : proto.getGraph().getInitializerList()) {
      md.update(t.toByteArray());
    }
    String expected = HexFormat.of().formatHex(md.digest());
    OnnxFile file = OnnxFile.parse(bytes);
    assertEquals(expected, file.weightsSha256());
    assertEquals(proto.getGraph().getInitializerCount(), file.initializerNames().size());
  }

  @Test
  void readsMetadataInputsAndOutputs() throws Exception {
    OnnxFile file = OnnxFile.parse(TestModels.bytes(TestModels.Variant.CLASSIC_WAVEFORM));
    assertEquals("1", file.metadata().get(ModelContract.KEY_CONTRACT_VERSION));
    assertEquals(ModelContract.KEYS.size(), file.metadata().size());
    assertEquals(3, file.inputs().size());
    assertEquals("logmel", file.inputs().get(0).name());
    assertArrayEquals(new long[] {-1, 1, 80, 301}, file.inputs().get(0).shape());
    assertArrayEquals(new long[] {-1, 1, 257, 301}, file.inputs().get(1).shape());
    assertArrayEquals(new long[] {-1, 48000}, file.inputs().get(2).shape());
    assertEquals(1, file.inputs().get(0).elemType());
    assertEquals(
        List.of("score", "expert_scores", "gate_weights"),
        file.outputs().stream().map(OnnxFile.ValueInfo::name).toList());
    assertArrayEquals(new long[] {-1, 2}, file.outputs().get(1).shape());
  }

  @Test
  void withMetadataReplacesOnlyTheGivenKeysAndKeepsTheWeights(@TempDir Path dir) throws Exception {
    Path model = TestModels.write(dir, TestModels.Variant.SINGLE_LOGMEL);
    OnnxFile before = OnnxFile.parse(Files.readAllBytes(model));
    String thresholds = "{\"eer\":0.42,\"fpr_1pct\":0.8,\"fitted\":0.3,\"default\":\"fitted\"}";
    byte[] out =
        OnnxFile.withMetadata(
            Files.readAllBytes(model),
            Map.of(ModelContract.KEY_THRESHOLDS, thresholds, "custom.key", "x"));
    OnnxFile after = OnnxFile.parse(out);
    assertEquals(thresholds, after.metadata().get(ModelContract.KEY_THRESHOLDS));
    assertEquals("x", after.metadata().get("custom.key"));
    assertEquals(before.weightsSha256(), after.weightsSha256());
    assertEquals(before.metadata().size() + 1, after.metadata().size());
    for (String key : before.metadata().keySet()) {
      if (!key.equals(ModelContract.KEY_THRESHOLDS)) {
        assertEquals(before.metadata().get(key), after.metadata().get(key), key);
      }
    }
    // the protobuf library reads the rewritten file and sees one entry per key
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(out);
    assertEquals(after.metadata().size(), proto.getMetadataPropsCount());
  }

  @Test
  void refusesBytesThatAreNotAModel() {
    assertThrows(IOException.class, () -> OnnxFile.parse(new byte[] {(byte) 0xff, (byte) 0xff}));
    assertThrows(IOException.class, () -> OnnxFile.parse("hello, world".getBytes()));
    assertThrows(IOException.class, () -> OnnxFile.parse(new byte[0]));
    byte[] model = TestModels.bytes(TestModels.Variant.SINGLE_LOGMEL);
    byte[] truncated = java.util.Arrays.copyOf(model, model.length / 2);
    assertThrows(IOException.class, () -> OnnxFile.parse(truncated));
  }
}
