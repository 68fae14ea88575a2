package dev.vigil.runtime;

import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.verdict.FileVerdict;
import java.io.IOException;
import java.util.List;

/**
 * The runtime's front door: one loaded model and everything needed to turn audio into verdicts.
 * Thread-safe: many threads may call {@link #detect} at once. Close it where it was opened.
 *
 * <pre>{@code
 * try (Detector detector = Detector.open(DetectorOptions.defaults())) {
 *   FileVerdict v = detector.detect(AudioSource.of(Path.of("call.wav"))).get(0);
 *   System.out.println(v.label().wireName() + " " + v.score());
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {

  private Detector() {}

  /**
   * Loads the model named by the options (or the bundled default model) and prepares the session.
   *
   * @throws IOException when the model cannot be read or fails a contract check
   */
  public static Detector open(DetectorOptions options) throws IOException {
    throw new UnsupportedOperationException("Detector.open is not implemented yet");
  }

  /**
   * Scores one input: one verdict when channels are mixed, one per channel when they are split.
   *
   * @throws AudioInputException when the input is bad (the message names it and the problem)
   * @throws IOException on I/O errors
   */
  public List<FileVerdict> detect(AudioSource source) throws IOException {
    throw new UnsupportedOperationException("Detector.detect is not implemented yet");
  }

  @Override
  public void close() {}
}
