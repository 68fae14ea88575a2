package dev.vigil.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads a {@link DataSpec} with the matching reader and applies its split rule. */
public final class DataSources {
  private DataSources() {}

  /**
   * Reads one source.
   *
   * @param spec the source
   * @param baseDir folder that relative paths in the spec are resolved against
   * @return the clips
   * @throws IOException when the index cannot be read
   * @throws IllegalArgumentException for an unknown reader or split rule, naming the valid ones
   */
  public static DataSet read(DataSpec spec, Path baseDir) throws IOException {
    if (spec.reader() == null || spec.path() == null) {
      throw new IllegalArgumentException("a data source needs 'reader' and 'path'");
    }
    Path path = baseDir.resolve(spec.path());
    Path audio = spec.audio() == null ? null : baseDir.resolve(spec.audio());
    String part = spec.part() == null ? "" : spec.part();
    DataSet ds =
        switch (spec.reader()) {
          case "manifest" -> ManifestReader.read(path, nameOr(spec, "manifest"));
          case "folder" -> FolderReader.read(path, nameOr(spec, "folder"), part);
          case "asv19" -> Asv19LaReader.read(path, part.isEmpty() ? "train" : part);
          case "asv5" -> Asv5Reader.read(path, need(audio, spec), part);
          case "itw" -> InTheWildReader.read(path);
          case "for" -> FolderReader.readFakeOrReal(path);
          case "add2022" -> Add2022Reader.read(path, need(audio, spec), part);
          default ->
              throw new IllegalArgumentException(
                  "unknown reader '" + spec.reader() + "' (valid: " + DataSpec.READERS + ")");
        };
    String splitBy = spec.splitBy();
    if (splitBy == null && "itw".equals(spec.reader())) {
      splitBy = "stratified";
    }
    List<Clip> clips = ds.clips();
    if (splitBy != null && !splitBy.isEmpty()) {
      double[] f = fractions(spec);
      long seed = spec.seed() == null ? 1234L : spec.seed();
      clips =
          switch (splitBy) {
            case "stratified" -> Splits.stratified(clips, f, seed);
            case "speaker" -> Splits.byGroup(clips, Clip::speaker, f, seed);
            case "origin" -> Splits.byGroup(clips, originOrSpeaker(), f, seed);
            case "system" -> Splits.byGroup(clips, Clip::system, f, seed);
            case "file" -> {
              if (spec.splitFile() == null) {
                throw new IllegalArgumentException("split_by: file needs split_file");
              }
              yield Splits.fromFile(clips, baseDir.resolve(spec.splitFile()));
            }
            default ->
                throw new IllegalArgumentException(
                    "unknown split_by '"
                        + splitBy
                        + "' (valid: stratified, speaker, origin, system, file)");
          };
    }
    if (spec.excludeDomains() != null && !spec.excludeDomains().isEmpty()) {
      Set<String> out = Set.copyOf(spec.excludeDomains());
      clips = clips.stream().filter(c -> !out.contains(c.domain())).toList();
    }
    if (spec.domain() != null && !spec.domain().isEmpty()) {
      clips = clips.stream().map(c -> c.withDomain(spec.domain())).toList();
    }
    String name = spec.name() == null ? ds.name() : spec.name();
    return new DataSet(name, clips, ds.problems());
  }

  private static Function<Clip, String> originOrSpeaker() {
    return c -> c.origin().isEmpty() ? c.speaker() : c.origin();
  }

  private static double[] fractions(DataSpec spec) {
    if (spec.fractions() == null) {
      return new double[] {0.6, 0.2, 0.2};
    }
    return spec.fractions().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String nameOr(DataSpec spec, String dflt) {
    return spec.name() == null ? dflt : spec.name();
  }

  private static Path need(Path audio, DataSpec spec) {
    if (audio == null) {
      throw new IllegalArgumentException("reader '" + spec.reader() + "' needs 'audio' (folder)");
    }
    return audio;
  }
}
