package dev.vigil.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many tasks an executor runs at once, the default number of inference threads of its shared
 * engine: {@code spark.executor.cores / spark.task.cpus} when set; in local mode the N of {@code
 * local[N]} ({@code local[*]}: the machine's cores, {@code local}: 1); else 0, meaning the
 * executor's own processor count, decided on the executor.
 */
final class TaskSlots {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");

  private TaskSlots() {}

  static int of(SparkConf conf) {
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    if (conf.contains("spark.executor.cores")) {
      return Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
    }
    Matcher m = LOCAL.matcher(conf.get("spark.master", "").strip());
    if (m.matches()) {
      String n = m.group(1);
      int cores =
          n == null
              ? 1
              : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
      return Math.max(1, cores / taskCpus);
    }
    return 0;
  }

  /** {@code threads} when &gt; 0, else this JVM's processor count (on an executor). */
  static int orProcessors(int threads) {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
