package dev.vigil.runtime.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decode speed and retained heap per codec on a long file (ffmpeg encodes it first). Opt-in: {@code
 * ./mvnw -pl runtime test -Dtest=DecodeSpeedBench -Dvigil.decode.bench=true
 * [-Dvigil.decode.bench.minutes=10]}.
 */
class DecodeSpeedBench {
  @TempDir static Path tmp;

  private static int minutes() {
    return Integer.getInteger("vigil.decode.bench.minutes", 10);
  }

  private static void ffmpeg(List<String> args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), "ffmpeg " + args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "wav, -c:a pcm_s16le, false",
    "flac, -c:a flac, false",
    "mp3, -c:a libmp3lame -b:a 128k, false",
    "ogg, -c:a libvorbis -q:a 5, false",
    "m4a, -c:a aac -b:a 128k -aac_pns 0 -aac_tns 0, false",
    "m4a, -c:a aac -b:a 128k, true",
    "webm, -c:a libopus -b:a 64k, true",
  })
  void speed(String ext, String codecArgs, boolean viaFfmpeg) throws Exception {
    assumeTrue(Boolean.getBoolean("vigil.decode.bench"), "set -Dvigil.decode.bench=true");
    assumeTrue(TestAudio.ffmpegOnPath(), "ffmpeg not on PATH");
    int seconds = minutes() * 60;
    Path f = tmp.resolve("long-" + ext + (viaFfmpeg ? "-ff." : ".") + ext);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-f",
                "lavfi",
                "-i",
                "sine=f=220:beep_factor=4:sample_rate=44100:d=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=c=pink:r=44100:a=0.05:d=" + seconds,
                "-filter_complex",
                "[0][1]amix=inputs=2,pan=stereo|c0=c0|c1=c0"));
    args.addAll(List.of(codecArgs.split(" ")));
    args.add(f.toString());
    ffmpeg(args);
    DecodeOptions o = new DecodeOptions(Duration.ofMinutes(10), null, viaFfmpeg);
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long frames = 0;
    long maxGrowth = 0;
    long t0 = System.nanoTime();
    long gcNanos = 0;
    try (PcmStream s = AudioDecoders.open(AudioSource.of(f), o)) {
      System.gc();
      long base = mx.getHeapMemoryUsage().getUsed();
      float[][] buf = new float[s.info().channels()][4096];
      int k;
      long next = 44100L * 60;
      while ((k = s.read(buf, 0, 4096)) >= 0) {
        frames += k;
        if (frames >= next) {
          long g = System.nanoTime();
          System.gc();
          maxGrowth = Math.max(maxGrowth, mx.getHeapMemoryUsage().getUsed() - base);
          gcNanos += System.nanoTime() - g;
          next += 44100L * 60;
        }
      }
    }
    double secs = (System.nanoTime() - t0 - gcNanos) / 1e9;
    System.out.printf(
        "bench %s%s: %d min, %.1f s, %.0fx real time, retained heap growth %.1f MB%n",
        ext,
        viaFfmpeg ? " (ffmpeg)" : "",
        minutes(),
        secs,
        frames / 44100.0 / secs,
        maxGrowth / 1048576.0);
    assertTrue(frames >= 44100L * seconds - 4096, "frames " + frames);
  }

  @Test
  void documentsHowToRun() {
    assertTrue(minutes() > 0);
  }
}
