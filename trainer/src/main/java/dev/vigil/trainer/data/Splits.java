package dev.vigil.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Assigns the splits {@code train}, {@code dev}, {@code test}: stratified by label (In-the-Wild's
 * 60/20/20 with seed 1234), disjoint by a group key (speaker, origin, system), or from a user's
 * split file.
 */
public final class Splits {
  /** The split names, in order. */
  public static final List<String> NAMES = List.of("train", "dev", "test");

  private Splits() {}

  /**
   * Stratified split: within each label, shuffles (seeded) and cuts at the fractions.
   *
   * @param clips the clips
   * @param fractions train, dev, test fractions (sum 1)
   * @param seed shuffle seed (1234 for In-the-Wild)
   * @return the clips with their split set, input order kept
   */
  public static List<Clip> stratified(List<Clip> clips, double[] fractions, long seed) {
    checkFractions(fractions);
    Map<Clip, String> assigned = new HashMap<>();
    Random rnd = new Random(seed);
    for (boolean spoof : new boolean[] {false, true}) {
      List<Clip> group = new ArrayList<>(clips.stream().filter(c -> c.isSpoof() == spoof).toList());
      Collections.shuffle(group, rnd);
      int[] cuts = cuts(group.size(), fractions);
      for (int i = 0; i < group.size(); i++) {
        assigned.put(group.get(i), NAMES.get(i < cuts[0] ? 0 : i < cuts[1] ? 1 : 2));
      }
    }
    return clips.stream().map(c -> c.withSplit(assigned.get(c))).toList();
  }

  /**
   * Group-disjoint split: the distinct group keys are shuffled (seeded) and cut at the fractions of
   * the number of clips, so no key appears in two splits. Clips with an empty key form their own
   * group each.
   *
   * @param clips the clips
   * @param key the group key, e.g. {@code Clip::speaker}
   * @param fractions train, dev, test fractions (sum 1)
   * @param seed shuffle seed
   * @return the clips with their split set, input order kept
   */
  public static List<Clip> byGroup(
      List<Clip> clips, Function<Clip, String> key, double[] fractions, long seed) {
    checkFractions(fractions);
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < clips.size(); i++) {
      sizes.merge(groupOf(clips.get(i), key, i), 1, Integer::sum);
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(sizes.keySet()));
    Collections.shuffle(keys, new Random(seed));
    Map<String, String> splitOf = new HashMap<>();
    double total = clips.size();
    double seen = 0;
    for (String k : keys) {
      double pos = seen / total;
      splitOf.put(k, NAMES.get(pos < fractions[0] ? 0 : pos < fractions[0] + fractions[1] ? 1 : 2));
      seen += sizes.get(k);
    }
    List<Clip> out = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) {
      out.add(clips.get(i).withSplit(splitOf.get(groupOf(clips.get(i), key, i))));
    }
    return out;
  }

  /**
   * Splits from a user's file of lines {@code <file>,<split>} (a header line {@code file,split} is
   * allowed); {@code file} is matched against the clip path's end. Clips not listed are dropped.
   *
   * @param clips the clips
   * @param splitFile the file
   * @return the listed clips with their split set
   * @throws IOException when the file cannot be read or names an unknown split
   */
  public static List<Clip> fromFile(List<Clip> clips, Path splitFile) throws IOException {
    Map<String, String> byName = new HashMap<>();
    List<String> lines = Files.readAllLines(splitFile, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).strip().split("\\s*[,\\t]\\s*");
      if (f.length < 2 || (i == 0 && "split".equals(f[1]))) {
        continue;
      }
      if (!NAMES.contains(f[1])) {
        throw new IOException(
            splitFile + ":" + (i + 1) + ": unknown split '" + f[1] + "' (valid: " + NAMES + ")");
      }
      byName.put(f[0].replace('\\', '/'), f[1]);
    }
    List<Clip> out = new ArrayList<>();
    for (Clip c : clips) {
      Path p = c.path();
      for (int k = p.getNameCount() - 1; k >= 0; k--) {
        String split = byName.get(p.subpath(k, p.getNameCount()).toString().replace('\\', '/'));
        if (split != null) {
          out.add(c.withSplit(split));
          break;
        }
      }
    }
    return out;
  }

  private static String groupOf(Clip c, Function<Clip, String> key, int index) {
    String k = key.apply(c);
    return k == null || k.isEmpty() ? "\u0000#" + index : k;
  }

  private static int[] cuts(int n, double[] f) {
    int a = (int) Math.round(n * f[0]);
    int b = (int) Math.round(n * (f[0] + f[1]));
    return new int[] {a, Math.min(n, b)};
  }

  private static void checkFractions(double[] f) {
    if (f.length != 3
        || Math.abs(f[0] + f[1] + f[2] - 1.0) > 1e-9
        || f[0] < 0
        || f[1] < 0
        || f[2] < 0) {
      throw new IllegalArgumentException(
          "split fractions must be three non-negative numbers (train, dev, test) summing to 1");
    }
  }
}
