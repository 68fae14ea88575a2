package dev.vigil.spark;

/** How {@link ScanJob} writes its rows. */
enum OutputFormat {
  /** Parquet files, the nested schema as it is (the default). */
  PARQUET,
  /** JSON lines, one object per row with every field, nulls included, as {@code vigil scan}. */
  JSONL,
  /** CSV with a header, the columns of {@code vigil scan --format csv}. */
  CSV
}
