package dev.vigil.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdout or stderr is a terminal. Java 17 can only tell that stdin and stdout both are
 * ({@link System#console()}); on Linux the link {@code /proc/self/fd/N} names each stream's device,
 * a terminal's being {@code /dev/pts/*}, {@code /dev/tty*} or {@code /dev/console}. Elsewhere,
 * {@link System#console()} answers for both.
 */
public final class Tty {

  private Tty() {}

  /** Whether standard output is a terminal. */
  public static boolean stdout() {
    return isTerminal(1);
  }

  /** Whether standard error is a terminal. */
  public static boolean stderr() {
    return isTerminal(2);
  }

  private static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/")
          || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
