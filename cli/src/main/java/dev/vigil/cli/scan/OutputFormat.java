package dev.vigil.cli.scan;

/**
 * How scan results are written: {@code --format}, case-insensitive. {@link #toString()} is the
 * lower-case name users type, which completion offers.
 */
public enum OutputFormat {
  /** One JSON object per line (docs/output-schema.md). */
  JSONL,
  /** One CSV row per result, with a header row. */
  CSV,
  /** Aligned columns for people; not for machines and not resumable. */
  TABLE;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
