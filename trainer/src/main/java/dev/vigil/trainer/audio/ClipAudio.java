package dev.vigil.trainer.audio;

import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.decode.DecodeOptions;
import dev.vigil.runtime.resample.MonoAudio;
import java.io.IOException;
import java.nio.file.Path;

/** Decodes a whole clip to 16 kHz mono floats through the runtime's decoders and resampler. */
public final class ClipAudio {
  /** The rate every clip is brought to. */
  public static final int RATE = 16000;

  private ClipAudio() {}

  /** A loader that decodes with these options. */
  public static ClipLoader loader(DecodeOptions options) {
    return path -> load(path, options);
  }

  /**
   * Decodes, down-mixes (mean of channels) and resamples a file.
   *
   * @param path the audio file
   * @param options decoding options (deadline, ffmpeg)
   * @return the samples at 16 kHz
   * @throws IOException with a one-line message naming the file when it cannot be decoded
   */
  public static float[] load(Path path, DecodeOptions options) throws IOException {
    return MonoAudio.read(AudioSource.of(path), RATE, Long.MAX_VALUE, "", options);
  }
}
