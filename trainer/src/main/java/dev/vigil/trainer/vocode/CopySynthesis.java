package dev.vigil.trainer.vocode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The copy-synthesis methods by name: {@code griffinlim}, {@code lpc}. */
public final class CopySynthesis {
  /**
   * A named method.
   *
   * @param name the name used on the command line, in folder names and in manifests
   * @param factory makes a new (not thread-safe) vocoder
   */
  public record Method(String name, Supplier<Vocoder> factory) {
    /** A new vocoder of this method. */
    public Vocoder create() {
      return factory.get();
    }
  }

  /** Every method, in the order {@code all} selects them. */
  public static final List<Method> METHODS =
      List.of(new Method("griffinlim", GriffinLim::new), new Method("lpc", LpcVocoder::new));

  private CopySynthesis() {}

  /** The method names, comma-separated. */
  public static String names() {
    return METHODS.stream().map(Method::name).collect(Collectors.joining(", "));
  }

  /**
   * The methods named.
   *
   * @param names a comma list of method names, or {@code all} (also when null or blank)
   * @return the methods, in the order given, each once
   * @throws IllegalArgumentException naming an unknown method and the valid names
   */
  public static List<Method> select(String names) {
    if (names == null || names.isBlank() || "all".equals(names.strip())) {
      return METHODS;
    }
    List<Method> out = new ArrayList<>();
    for (String raw : names.split(",")) {
      String n = raw.strip();
      Method m =
          METHODS.stream()
              .filter(c -> c.name().equals(n))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown copy-synthesis method '"
                              + n
                              + "' (valid: "
                              + names()
                              + ", all)"));
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * The seed of one copy: a 64-bit FNV-1a hash of the method and the clip's path, started from the
   * run's seed, so it depends on nothing else (not on thread timing or row order).
   */
  public static long seed(long seed, String method, String path) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : (method + '\0' + path).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
