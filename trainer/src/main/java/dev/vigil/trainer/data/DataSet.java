package dev.vigil.trainer.data;

import dev.vigil.runtime.verdict.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a reader found: the clips that exist, and the problems (missing or unreadable files, bad
 * lines) it skipped.
 *
 * @param name the data set's name
 * @param clips the readable clips, in reader order
 * @param problems one line each, {@code "<path>: <problem>"}
 */
public record DataSet(String name, List<Clip> clips, List<String> problems) {

  /** Defensive copies. */
  public DataSet {
    clips = List.copyOf(clips);
    problems = List.copyOf(problems);
  }

  /** The clips matching a predicate, same name, no problems. */
  public DataSet filter(Predicate<Clip> p) {
    return new DataSet(name, clips.stream().filter(p).toList(), List.of());
  }

  /** The clips of one split. */
  public DataSet split(String split) {
    return filter(c -> c.split().equals(split));
  }

  /** Concatenation of several data sets. */
  public static DataSet union(String name, List<DataSet> parts) {
    List<Clip> all = new ArrayList<>();
    List<String> probs = new ArrayList<>();
    for (DataSet d : parts) {
      all.addAll(d.clips());
      probs.addAll(d.problems());
    }
    return new DataSet(name, all, probs);
  }

  /** Number of clips with a label. */
  public long count(Label label) {
    return clips.stream().filter(c -> c.label() == label).count();
  }

  /** Counts per key and label: key → [bonafide, spoof]. */
  public Map<String, long[]> countBy(Function<Clip, String> key) {
    Map<String, long[]> m = new TreeMap<>();
    for (Clip c : clips) {
      m.computeIfAbsent(key.apply(c), k -> new long[2])[c.isSpoof() ? 1 : 0]++;
    }
    return m;
  }
}
