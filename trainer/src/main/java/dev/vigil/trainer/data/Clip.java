package dev.vigil.trainer.data;

import dev.vigil.runtime.verdict.Label;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled audio file of a data set.
 *
 * @param path the audio file
 * @param label bona fide or spoof
 * @param dataset the data set it came from (reader name or the user's name for it)
 * @param domain training domain (one expert per domain in the MELE recipe); the data set unless a
 *     manifest says otherwise
 * @param split {@code train}, {@code dev}, {@code test}, or empty when the layout has none
 * @param system synthetic system / attack id ({@code bonafide} for bona fide files when unknown)
 * @param speaker speaker id, or empty
 * @param origin source recording the file derives from, or empty
 * @param language language tag, or empty
 * @param license licence of the file, or empty
 */
public record Clip(
    Path path,
    Label label,
    String dataset,
    String domain,
    String split,
    String system,
    String speaker,
    String origin,
    String language,
    String license) {

  /** Null strings become empty. */
  public Clip {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    dataset = nz(dataset);
    domain = nz(domain).isEmpty() ? dataset : domain;
    split = nz(split);
    system = nz(system).isEmpty() || "-".equals(system) ? defaultSystem(label) : system;
    speaker = nz(speaker);
    origin = nz(origin);
    language = nz(language);
    license = nz(license);
  }

  /** A clip with only the essentials. */
  public static Clip of(Path path, Label label, String dataset, String split) {
    return new Clip(path, label, dataset, dataset, split, "", "", "", "", "");
  }

  /** This clip in another split. */
  public Clip withSplit(String newSplit) {
    return new Clip(
        path, label, dataset, domain, newSplit, system, speaker, origin, language, license);
  }

  /** This clip in another domain. */
  public Clip withDomain(String newDomain) {
    return new Clip(
        path, label, dataset, newDomain, split, system, speaker, origin, language, license);
  }

  /** True for spoof. */
  public boolean isSpoof() {
    return label == Label.SPOOF;
  }

  private static String defaultSystem(Label label) {
    return label == Label.BONAFIDE ? "bonafide" : "unknown";
  }

  private static String nz(String s) {
    return s == null ? "" : s.strip();
  }
}
