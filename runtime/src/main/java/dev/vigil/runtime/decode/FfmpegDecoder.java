package dev.vigil.runtime.decode;

import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes anything ffmpeg reads, in an ffmpeg subprocess: the first audio stream is written as
 * 32-bit float WAV on a pipe (the WAV header carries the rate and channel count in-band, so no
 * ffprobe run is needed) and streamed through {@link WavDecoder}. A file is passed by path; bytes
 * and channels are fed on stdin (MP4/QuickTime, which needs seeking, through a temporary file). At
 * the deadline the process is killed.
 */
final class FfmpegDecoder implements PcmStream {
  private static final Pattern INPUT = Pattern.compile("^Input #0, ([^,]+(?:,[^,' ]+)*), from");
  private static final Pattern AUDIO = Pattern.compile("Stream #0:\\d+.*?: Audio: ([A-Za-z0-9_]+)");
  private static final int MAX_LINES = 200;

  private final String source;
  private final Deadline deadline;
  private final Process process;
  private final Path tempFile;
  private final List<String> stderr = new ArrayList<>();
  private final CountDownLatch inputDescribed = new CountDownLatch(1);
  private final Thread stderrReader;
  private volatile boolean killedAtDeadline;
  private WavDecoder wav;
  private AudioInfo info;
  private boolean closed;

  /**
   * The ffmpeg executable: the configured one if it exists, else {@code ffmpeg} on PATH; or null.
   */
  static Path locate(DecodeOptions options) {
    if (!options.allowFfmpeg()) {
      return null;
    }
    if (options.ffmpegPath() != null) {
      return Files.isRegularFile(options.ffmpegPath()) && Files.isExecutable(options.ffmpegPath())
          ? options.ffmpegPath()
          : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      try {
        Path p = Path.of(dir, windows ? "ffmpeg.exe" : "ffmpeg");
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      } catch (RuntimeException ignored) {
        // an invalid PATH entry
      }
    }
    return null;
  }

  /** Why ffmpeg is not available, for messages: "ffmpeg on PATH (not found)" and the like. */
  static String whereMissing(DecodeOptions options) {
    if (!options.allowFfmpeg()) {
      return "ffmpeg (disabled by the options)";
    }
    if (options.ffmpegPath() != null) {
      return "ffmpeg (not found at " + options.ffmpegPath() + ")";
    }
    return "ffmpeg on PATH (not found)";
  }

  /** Starts ffmpeg on the source and reads the WAV header of its output. */
  static PcmStream open(AudioSource src, Deadline deadline, Path ffmpeg, boolean needsSeek)
      throws IOException {
    Path temp = null;
    String input;
    if (src.path() != null) {
      input = "file:" + src.path().toAbsolutePath();
    } else if (needsSeek) {
      temp = SourceCopies.toTempFile(src, "vigil-ffmpeg-", ".bin");
      input = "file:" + temp.toAbsolutePath();
    } else {
      input = "pipe:0";
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ffmpeg.toString());
    if (!input.equals("pipe:0")) {
      cmd.add("-nostdin");
    }
    cmd.addAll(
        List.of(
            "-hide_banner",
            "-nostats",
            "-loglevel",
            "info",
            "-i",
            input,
            "-map",
            "0:a:0",
            "-vn",
            "-sn",
            "-dn",
            "-c:a",
            "pcm_f32le",
            "-f",
            "wav",
            "pipe:1"));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new AudioInputException(
          src.name(),
          Problem.UNSUPPORTED_FORMAT,
          "ffmpeg could not be started: " + e.getMessage(),
          e);
    }
    FfmpegDecoder d = new FfmpegDecoder(src, deadline, p, temp);
    try {
      d.start();
      return d;
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private FfmpegDecoder(AudioSource src, Deadline deadline, Process process, Path tempFile) {
    this.source = src.name();
    this.deadline = deadline;
    this.process = process;
    this.tempFile = tempFile;
    this.stderrReader = daemon("vigil-ffmpeg-stderr", this::drainStderr);
    daemon("vigil-ffmpeg-watchdog", this::watch);
    if (src.path() == null && tempFile == null) {
      daemon("vigil-ffmpeg-stdin", () -> feed(src));
    } else {
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // ffmpeg does not read stdin here
      }
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void feed(AudioSource src) {
    try (OutputStream out = process.getOutputStream();
        InputStream in = SourceCopies.stream(src)) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // ffmpeg stopped reading (it had enough, or failed): its exit status tells
    }
  }

  private void drainStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (stderr) {
          if (stderr.size() < MAX_LINES) {
            stderr.add(line.length() > 300 ? line.substring(0, 300) : line);
          } else {
            stderr.set(MAX_LINES - 1, line.length() > 300 ? line.substring(0, 300) : line);
          }
        }
        if (line.startsWith("Output #0") || line.startsWith("Stream mapping")) {
          inputDescribed.countDown();
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      inputDescribed.countDown();
    }
  }

  private void watch() {
    try {
      if (!process.waitFor(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
        killedAtDeadline = true;
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }

  private void start() throws IOException {
    InputStream out = process.getInputStream();
    WavHeader h;
    try {
      h = WavHeader.read(out, -1, source);
    } catch (AudioInputException e) {
      throw failure(e);
    }
    try {
      inputDescribed.await(
          Math.min(2_000_000_000L, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String codec = "unknown";
    String container = "unknown";
    synchronized (stderr) {
      for (String line : stderr) {
        Matcher m = INPUT.matcher(line);
        if (m.find() && container.equals("unknown")) {
          container = m.group(1);
        }
        Matcher a = AUDIO.matcher(line);
        if (a.find() && codec.equals("unknown")) {
          codec = a.group(1);
        }
      }
    }
    wav = new WavDecoder(source, deadline, out, h, container);
    info = new AudioInfo(codec, container, h.sampleRate(), h.channels(), -1);
  }

  /** The error to report when ffmpeg produced no (more) audio. */
  private AudioInputException failure(AudioInputException fromOutput) {
    if (killedAtDeadline || deadline.expired()) {
      return deadline.timeoutException();
    }
    int exit;
    try {
      if (!process.waitFor(
          Math.max(1, Math.min(5_000_000_000L, deadline.remainingNanos())), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
        return deadline.timeoutException();
      }
      exit = process.exitValue();
      stderrReader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fromOutput;
    }
    if (exit == 0) {
      if (fromOutput != null && wav == null) {
        return new AudioInputException(
            source, Problem.MALFORMED, "ffmpeg produced no audio: " + lastErrorLine(), fromOutput);
      }
      return fromOutput;
    }
    String last = lastErrorLine();
    Problem p = Problem.MALFORMED;
    if (last.contains("matches no streams") || last.contains("does not contain any stream")) {
      p = Problem.NOT_AUDIO;
      last = "no audio stream";
    }
    return new AudioInputException(source, p, "ffmpeg could not decode it: " + last, fromOutput);
  }

  private String lastErrorLine() {
    synchronized (stderr) {
      for (int i = stderr.size() - 1; i >= 0; i--) {
        String l = stderr.get(i).strip();
        if (!l.isEmpty() && !l.startsWith("Conversion failed")) {
          return l;
        }
      }
    }
    return "exit status " + process.exitValue();
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public int read(float[][] out, int offset, int maxFrames) throws IOException {
    if (closed) {
      throw new IllegalStateException(source + ": the PCM stream is closed");
    }
    try {
      int n = wav.read(out, offset, maxFrames);
      if (n < 0) {
        AudioInputException f = failure(null);
        if (f != null) {
          throw f;
        }
      }
      return n;
    } catch (AudioInputException e) {
      throw e.problem() == Problem.NON_FINITE ? e : failure(e);
    } catch (IOException e) {
      AudioInputException f = failure(null);
      throw f != null ? f : e;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    process.destroyForcibly();
    try {
      if (wav != null) {
        wav.close();
      } else {
        process.getInputStream().close();
      }
    } finally {
      deleteQuietly(tempFile);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
