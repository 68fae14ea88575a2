package dev.vigil.trainer.audio;

import java.util.Random;

/** Training crops: a random window of W samples, short clips tiled (repeated) to W first. */
public final class Crops {
  private Crops() {}

  /**
   * Writes a random W-sample crop of {@code audio} into {@code out[outOff .. outOff+w)}. A clip
   * shorter than W is tiled from its start (as the runtime tiles short files); a longer one is cut
   * at a uniform start in {@code [0, len - W]}.
   *
   * @throws IllegalArgumentException when the clip is empty
   */
  public static void randomCrop(float[] audio, int w, Random rnd, float[] out, int outOff) {
    if (audio.length == 0) {
      throw new IllegalArgumentException("empty clip");
    }
    if (audio.length <= w) {
      tile(audio, 0, audio.length, w, out, outOff);
      return;
    }
    int start = rnd.nextInt(audio.length - w + 1);
    System.arraycopy(audio, start, out, outOff, w);
  }

  /** Repeats {@code audio[from .. from+len)} until W samples are written. */
  public static void tile(float[] audio, int from, int len, int w, float[] out, int outOff) {
    int done = 0;
    while (done < w) {
      int n = Math.min(len, w - done);
      System.arraycopy(audio, from, out, outOff + done, n);
      done += n;
    }
  }
}
