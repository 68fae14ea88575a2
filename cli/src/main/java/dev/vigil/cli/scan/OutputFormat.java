package dev.vigil.cli.scan;

/** How scan results are written. */
public enum OutputFormat {
  /** One JSON object per line (docs/output-schema.md). */
  JSONL,
  /** One CSV row per result, with a header row. */
  CSV,
  /** Aligned columns for people; not for machines and not resumable. */
  TABLE
}
