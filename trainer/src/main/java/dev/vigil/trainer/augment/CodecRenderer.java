package dev.vigil.trainer.augment;

import dev.vigil.trainer.data.Clip;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Renders codec round trips offline through ffmpeg: K seeded variants per clip (codec and bitrate
 * drawn per variant), written as 16 kHz mono FLAC with a manifest that keeps every clip's label,
 * split, speaker, origin and system, so variants never leak across splits.
 */
public final class CodecRenderer {
  /** One codec setting: ffmpeg encoder, container extension, sample rate, bitrates. */
  public record Codec(
      String name, String encoder, String extension, int rate, List<String> bitrates) {}

  /** The codecs offered: MP3, AAC, Opus, G.722, GSM. */
  public static final List<Codec> CODECS =
      List.of(
          new Codec("mp3", "libmp3lame", "mp3", 16000, List.of("16k", "32k", "64k")),
          new Codec("aac", "aac", "m4a", 16000, List.of("16k", "32k", "64k")),
          new Codec("opus", "libopus", "ogg", 16000, List.of("8k", "16k", "32k")),
          new Codec("g722", "g722", "wav", 16000, List.of("64k")),
          new Codec("gsm", "libgsm", "gsm", 8000, List.of("13k")));

  private final String ffmpeg;
  private final long timeoutSeconds;

  /**
   * @param ffmpeg the ffmpeg executable (e.g. {@code ffmpeg} on the PATH)
   * @param timeoutSeconds the most one ffmpeg call may take
   */
  public CodecRenderer(String ffmpeg, long timeoutSeconds) {
    this.ffmpeg = ffmpeg;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The codecs named (comma list), or all. */
  public static List<Codec> select(String names) {
    if (names == null || names.isBlank() || "all".equals(names)) {
      return CODECS;
    }
    List<Codec> out = new ArrayList<>();
    for (String n : names.split(",")) {
      out.add(
          CODECS.stream()
              .filter(c -> c.name().equals(n.strip()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown codec '" + n + "' (valid: mp3, aac, opus, g722, gsm, all)")));
    }
    return out;
  }

  /**
   * Renders K variants of every clip into {@code outDir} and writes {@code outDir/manifest.csv}. A
   * clip ffmpeg cannot process is reported on stderr and skipped.
   *
   * @param clips the clips
   * @param outDir the output folder
   * @param variants K
   * @param codecs the codecs to draw from
   * @param seed the seed (same seed, same codecs and bitrates per clip)
   * @return the number of variants written
   * @throws IOException when the output folder or manifest cannot be written
   */
  public int render(List<Clip> clips, Path outDir, int variants, List<Codec> codecs, long seed)
      throws IOException {
    Files.createDirectories(outDir);
    int written = 0;
    Path manifest = outDir.resolve("manifest.csv");
    try (Writer w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      w.write("path,label,domain,split,source,system,speaker,origin,language,license,codec\n");
      for (int i = 0; i < clips.size(); i++) {
        Clip c = clips.get(i);
        Random rnd = new Random(seed * 1_000_003L + i);
        for (int k = 0; k < variants; k++) {
          Codec codec = codecs.get(rnd.nextInt(codecs.size()));
          String br = codec.bitrates().get(rnd.nextInt(codec.bitrates().size()));
          String name = String.format("%06d_%d_%s_%s.flac", i, k, codec.name(), br);
          Path out = outDir.resolve(name);
          try {
            roundTrip(c.path(), codec, br, out);
          } catch (IOException e) {
            System.err.println("skipped " + c.path() + ": " + e.getMessage());
            continue;
          }
          w.write(
              String.join(
                      ",",
                      csv(name),
                      c.label().wireName(),
                      csv(c.domain()),
                      csv(c.split()),
                      csv(c.dataset()),
                      csv(c.system()),
                      csv(c.speaker()),
                      csv(c.origin().isEmpty() ? c.path().toString() : c.origin()),
                      csv(c.language()),
                      csv(c.license()),
                      codec.name() + "@" + br)
                  + "\n");
          written++;
        }
      }
    }
    return written;
  }

  /** Encodes {@code in} with the codec and decodes it back to 16 kHz mono FLAC at {@code out}. */
  public void roundTrip(Path in, Codec codec, String bitrate, Path out) throws IOException {
    Path tmp = Files.createTempFile("vigil-codec", "." + codec.extension());
    try {
      run(
          List.of(
              ffmpeg,
              "-nostdin",
              "-v",
              "error",
              "-y",
              "-i",
              in.toString(),
              "-ac",
              "1",
              "-ar",
              Integer.toString(codec.rate()),
              "-c:a",
              codec.encoder(),
              "-b:a",
              bitrate,
              tmp.toString()));
      run(
          List.of(
              ffmpeg,
              "-nostdin",
              "-v",
              "error",
              "-y",
              "-i",
              tmp.toString(),
              "-ac",
              "1",
              "-ar",
              "16000",
              "-c:a",
              "flac",
              out.toString()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void run(List<String> cmd) throws IOException {
    Path err = Files.createTempFile("vigil-ffmpeg", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
      try {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("ffmpeg timed out after " + timeoutSeconds + " s");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (p.exitValue() != 0) {
        String msg = Files.readString(err).strip().replaceAll("\\s*\\R\\s*", " ");
        throw new IOException("ffmpeg failed (exit " + p.exitValue() + "): " + msg);
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
        throw new IOException(
            "cannot run ffmpeg '" + ffmpeg + "' (install it or pass --ffmpeg)", e);
      }
      throw e;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
