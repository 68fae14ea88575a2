package dev.vigil.trainer.cli;

import dev.vigil.trainer.data.DataSet;
import dev.vigil.trainer.data.DataSources;
import dev.vigil.trainer.data.DataSpec;
import dev.vigil.trainer.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where clips come from: one reader on the command line, or a recipe's data sources. */
final class DataOptions {
  @Option(
      names = "--reader",
      description = "Reader: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Readers.class)
  String reader;

  @Option(names = "--path", description = "Manifest, root folder, protocol or label file.")
  String path;

  @Option(names = "--audio", description = "Audio folder (asv5, add2022).")
  String audio;

  @Option(names = "--part", description = "Part (asv19: train/dev/eval) or split to record.")
  String part;

  @Option(names = "--split-by", description = "stratified, speaker, origin, system or file.")
  String splitBy;

  @Option(names = "--split-file", description = "Split file for --split-by file.")
  String splitFile;

  @Option(names = "--recipe", description = "Take the data sources of this recipe instead.")
  Path recipe;

  @Option(names = "--split", description = "Keep only this split (train, dev, test).")
  String split;

  /** Reader names for completion and help. */
  static final class Readers extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Readers() {
      super(DataSpec.READERS);
    }
  }

  DataSet read() throws IOException {
    List<DataSet> parts = new ArrayList<>();
    if (recipe != null) {
      Recipe r = Recipe.load(recipe, List.of());
      for (DataSpec d : r.data()) {
        parts.add(DataSources.read(d, recipe.toAbsolutePath().getParent()));
      }
    } else {
      if (reader == null || path == null) {
        throw new IllegalArgumentException("give --reader and --path, or --recipe");
      }
      parts.add(
          DataSources.read(
              new DataSpec(
                  reader, path, audio, null, part, null, splitBy, splitFile, null, null, null),
              Path.of("").toAbsolutePath()));
    }
    DataSet all = DataSet.union("data", parts);
    return split == null ? all : new DataSet(all.name(), all.split(split).clips(), all.problems());
  }
}
