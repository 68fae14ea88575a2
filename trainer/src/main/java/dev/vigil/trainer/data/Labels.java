package dev.vigil.trainer.data;

import dev.vigil.runtime.verdict.Label;
import java.util.Locale;

/** Maps the label words of the corpora to {@link Label}, as decisions.md fixes them. */
public final class Labels {
  /** The words accepted, for messages. */
  public static final String VALID =
      "bonafide, bona-fide, genuine, pristine, real, human (bona fide); spoof, fake, generated,"
          + " synthetic (spoof)";

  private Labels() {}

  /**
   * The label a corpus word stands for.
   *
   * @param word the word as written (case and surrounding blanks ignored)
   * @return the label
   * @throws IllegalArgumentException naming the word and the valid words
   */
  public static Label parse(String word) {
    Label l = parseOrNull(word);
    if (l == null) {
      throw new IllegalArgumentException("unknown label '" + word + "' (valid: " + VALID + ")");
    }
    return l;
  }

  /** The label a word stands for, or null when it is not a label word. */
  public static Label parseOrNull(String word) {
    if (word == null) {
      return null;
    }
    switch (word.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "bonafide":
      case "bona-fide":
      case "genuine":
      case "pristine":
      case "real":
      case "human":
      case "0":
        return Label.BONAFIDE;
      case "spoof":
      case "fake":
      case "generated":
      case "synthetic":
      case "1":
        return Label.SPOOF;
      default:
        return null;
    }
  }
}
