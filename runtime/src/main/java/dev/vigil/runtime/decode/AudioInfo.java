package dev.vigil.runtime.decode;

/**
 * What the source audio was before any conversion.
 *
 * @param codec codec name as users know it: {@code pcm_s16le}, {@code pcm_f32le}, {@code flac},
 *     {@code mp3}, {@code vorbis}, {@code aac}, or the ffmpeg codec name
 * @param container container name: {@code wav}, {@code flac}, {@code mp3}, {@code ogg}, {@code
 *     mp4}, or the ffmpeg format name
 * @param sampleRate source sample rate in Hz, &gt; 0
 * @param channels source channel count, &gt; 0
 * @param frames sample frames per channel when the header tells, else -1 (known after decoding)
 */
public record AudioInfo(String codec, String container, int sampleRate, int channels, long frames) {

  /** Duration in seconds from the header, or NaN when the header does not tell. */
  public double durationSeconds() {
    return frames < 0 ? Double.NaN : frames / (double) sampleRate;
  }
}
