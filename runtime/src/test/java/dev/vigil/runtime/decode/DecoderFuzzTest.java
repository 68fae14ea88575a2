package dev.vigil.runtime.decode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Random;

/**
 * Jazzer fuzz target: a fixture picked and mutated by the fuzzer, then decoded by the Java
 * decoders. In a plain {@code mvn test} it runs in regression mode (the inputs Jazzer has saved
 * plus an empty one, which decodes the first fixture unmutated); with {@code JAZZER_FUZZ=1} it
 * fuzzes. Only IOExceptions (AudioInputException for bad input) may come out.
 */
class DecoderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void javaDecodersOnlyThrowAudioInputExceptions(FuzzedDataProvider in) {
    int seed = in.consumeInt(0, FuzzInputs.SEEDS.size() - 1);
    long mutationSeed = in.consumeLong();
    boolean raw = in.consumeBoolean();
    byte[] data;
    if (raw) {
      data = in.consumeRemainingAsBytes();
    } else {
      data = FuzzInputs.seed(seed);
      if (mutationSeed != 0) {
        data = FuzzInputs.mutate(data, new Random(mutationSeed));
      }
    }
    try {
      FuzzInputs.decode(data);
    } catch (IOException expected) {
      // bad input is reported as such: the property holds
    }
  }
}
