package dev.vigil.spark;

import org.apache.spark.sql.SaveMode;

/** What {@link ScanJob} does when its output folder exists. */
enum OutputMode {
  /** Refuse to start (the default). */
  ERROR(SaveMode.ErrorIfExists),
  /** Replace it. */
  OVERWRITE(SaveMode.Overwrite);

  final SaveMode saveMode;

  OutputMode(SaveMode saveMode) {
    this.saveMode = saveMode;
  }
}
