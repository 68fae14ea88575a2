package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.verdict.VerdictJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code vigil} in process with captured stdout and stderr. */
public final class CliRun {

  /** What a run printed and returned. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private CliRun() {}

  /** The JSON objects of JSON lines output, one per non-blank line. */
  public static List<JsonNode> jsonl(String text) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(VerdictJson.mapper().readTree(line));
      }
    }
    return out;
  }

  /** Runs {@code vigil args...}. */
  public static Result run(String... args) {
    CommandLine cl = Vigil.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
