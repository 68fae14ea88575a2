package dev.vigil.runtime.verdict;

import java.util.Locale;

/** The two labels. {@code score >= threshold} means {@link #SPOOF}. */
public enum Label {
  /** Genuine human speech. */
  BONAFIDE,
  /** Synthetic speech (TTS, voice conversion, vocoded). */
  SPOOF;

  /** The label as written in outputs: {@code bonafide} or {@code spoof}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The label for a score at a threshold. */
  public static Label of(double score, double threshold) {
    return score >= threshold ? SPOOF : BONAFIDE;
  }
}
