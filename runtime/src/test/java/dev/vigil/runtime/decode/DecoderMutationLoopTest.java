package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded, time-bounded mutation loop over every Java decoder entry point (3 s by default; {@code
 * -Dvigil.fuzz.seconds=N} for longer, {@code -Dvigil.fuzz.seed=S} to replay). Each input must end
 * in a normal return or an IOException within the decode deadline plus a margin; a failing input is
 * written to {@code target/fuzz-failures/} and named in the failure.
 */
class DecoderMutationLoopTest {
  private static final long WALL_LIMIT_NANOS = 6_000_000_000L;

  @Test
  void mutatedAndRandomInputsOnlyFailWithAudioInputExceptions() throws IOException {
    long seconds = Long.getLong("vigil.fuzz.seconds", 3);
    long seed = Long.getLong("vigil.fuzz.seed", 20261122L);
    Random r = new Random(seed);
    byte[][] seeds = new byte[FuzzInputs.SEEDS.size()][];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = FuzzInputs.seed(i);
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long runs = 0;
    long decoded = 0;
    long slowest = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      byte[] data;
      String what;
      int pick = r.nextInt(seeds.length + 1);
      if (pick == seeds.length) {
        data = new byte[r.nextInt(4096)];
        r.nextBytes(data);
        what = "random bytes";
      } else {
        data = FuzzInputs.mutate(seeds[pick], r);
        what = "mutated " + FuzzInputs.SEEDS.get(pick);
      }
      long s = System.nanoTime();
      try {
        FuzzInputs.decode(data);
        decoded++;
      } catch (IOException expected) {
        // the property: bad input is an IOException (AudioInputException)
      } catch (Throwable t) {
        Path f = save(data, seed, runs);
        fail("seed " + seed + " run " + runs + " (" + what + ", saved to " + f + "): " + t, t);
      }
      long took = System.nanoTime() - s;
      slowest = Math.max(slowest, took);
      if (took > WALL_LIMIT_NANOS) {
        Path f = save(data, seed, runs);
        fail(
            "seed "
                + seed
                + " run "
                + runs
                + " ("
                + what
                + ", "
                + f
                + ") took "
                + took / 1e9
                + " s");
      }
      runs++;
    }
    double rate = runs / ((System.nanoTime() - t0) / 1e9);
    long workers =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("vigil-decode-"))
            .count();
    System.out.printf(
        "mutation loop: seed %d, %d runs in %d s (%.0f execs/s), %d decoded to the end, slowest %.2f"
            + " s, decoder worker threads still alive %d%n",
        seed, runs, seconds, rate, decoded, slowest / 1e9, workers);
    assertTrue(runs > 0);
  }

  private static Path save(byte[] data, long seed, long run) throws IOException {
    Path dir = Path.of("target", "fuzz-failures");
    Files.createDirectories(dir);
    Path f = dir.resolve("seed" + seed + "-run" + run + ".bin");
    Files.write(f, data);
    return f.toAbsolutePath();
  }
}
