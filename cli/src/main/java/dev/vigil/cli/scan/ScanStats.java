package dev.vigil.cli.scan;

import java.util.Locale;

/** Counts of one scan, for the exit code and the summary on stderr. */
final class ScanStats {
  long scored;
  long spoof;
  long failed;
  long warned;
  long resumed;
  long skippedNotMedia;
  long skippedLinks;
  long skippedOtherShard;
  long skippedFiltered;
  double audioSeconds;

  /** The one-line summary. */
  String summary(double wallSeconds) {
    double hours = audioSeconds / 3600.0;
    return String.format(
        Locale.ROOT,
        "vigil scan: %d scored, %d synthetic, %d failed, %d skipped (%d not audio/video, %d"
            + " already done, %d in other shards, %d filtered, %d links); %.3f h of audio in %.1f s"
            + " (%.0fx real time)",
        scored,
        spoof,
        failed,
        resumed + skippedNotMedia + skippedOtherShard + skippedFiltered + skippedLinks,
        skippedNotMedia,
        resumed,
        skippedOtherShard,
        skippedFiltered,
        skippedLinks,
        hours,
        wallSeconds,
        wallSeconds > 0 ? audioSeconds / wallSeconds : 0.0);
  }
}
