package dev.vigil.trainer.augment;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** How many times each augmentation actually ran (recorded in the run's provenance). */
public final class AugmentCounts {
  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** Counts one application. */
  public void hit(String name) {
    counts.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
  }

  /** Adds earlier counts (a resumed run). */
  public void addAll(Map<String, Long> earlier) {
    earlier.forEach((k, v) -> counts.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v));
  }

  /** A sorted snapshot. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }
}
