package dev.vigil.trainer.cli;

import dev.vigil.trainer.data.Clip;
import dev.vigil.trainer.data.DataSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil-train list-data}: what a reader finds. */
@Command(
    name = "list-data",
    mixinStandardHelpOptions = true,
    description =
        "Lists what a reader finds: clips per label, split, data set, domain and system, and the"
            + " files it skipped.")
final class ListDataCommand implements Callable<Integer> {
  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--show-missing",
      defaultValue = "20",
      description = "Print at most this many skipped files (default ${DEFAULT-VALUE}).")
  int showMissing;

  @Override
  public Integer call() throws Exception {
    DataSet ds = data.read();
    System.out.printf(
        "%d clips (%d bona fide, %d spoof), %d skipped%n",
        ds.clips().size(),
        ds.clips().stream().filter(c -> !c.isSpoof()).count(),
        ds.clips().stream().filter(Clip::isSpoof).count(),
        ds.problems().size());
    table("split", ds, Clip::split);
    table("dataset", ds, Clip::dataset);
    table("domain", ds, Clip::domain);
    table("system", ds, Clip::system);
    long speakers =
        ds.clips().stream().map(Clip::speaker).filter(s -> !s.isEmpty()).distinct().count();
    System.out.printf("speakers: %d%n", speakers);
    ds.problems().stream().limit(showMissing).forEach(p -> System.out.println("skipped: " + p));
    return 0;
  }

  private static void table(String what, DataSet ds, Function<Clip, String> key) {
    System.out.printf("%-28s %10s %10s%n", what, "bonafide", "spoof");
    for (Map.Entry<String, long[]> e : ds.countBy(key).entrySet()) {
      System.out.printf(
          "  %-26s %10d %10d%n",
          e.getKey().isEmpty() ? "(none)" : e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
  }
}
