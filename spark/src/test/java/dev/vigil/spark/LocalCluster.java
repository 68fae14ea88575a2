package dev.vigil.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on this machine whose executors are JVMs of their own: master {@code
 * local-cluster[W,1,1024]} starts a Master and W Workers inside the test JVM, and each Worker
 * launches its executor as a child process ({@code CoarseGrainedExecutorBackend}), as a Worker of a
 * real cluster does. A Worker builds that command line from its Spark home ({@code
 * WorkerCommandBuilder}): {@code java -cp $SPARK_HOME/conf/:$SPARK_HOME/jars/* ...}, with the
 * module options Spark adds for executors. The Worker takes its Spark home from the environment
 * variable {@code SPARK_HOME} (without {@code spark.testing}), which surefire sets to {@code
 * target/local-cluster-home} ({@code spark/pom.xml}); {@link #home} fills its {@code jars/} with
 * this JVM's class path: links to its jars, and a jar of each class folder (the module's classes
 * and test classes, the reactor's modules), so the executors run the code under test and nothing is
 * downloaded.
 *
 * <p>The executors' class path is two short entries on purpose: ONNX Runtime 1.29 crashes as it
 * starts in a process whose command line passes about 4 KB (docs/spark.md, JVM options), which a
 * full class path on the command line would (Spark's {@code spark.testing} mode passes the
 * driver's).
 */
final class LocalCluster {
  private LocalCluster() {}

  /** The Spark home the Workers use (surefire's {@code SPARK_HOME}), or null when unset. */
  static Path configuredHome() {
    String home = System.getenv("SPARK_HOME");
    return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath();
  }

  /**
   * Lays out {@code home} anew: {@code jars/} with this JVM's class path (jars linked, class
   * folders packed as jars), {@code conf/} with the tests' log settings; the Workers' {@code work/}
   * (executor logs) emptied.
   */
  static void layOut(Path home) throws IOException {
    deleteTree(home);
    Path jars = Files.createDirectories(home.resolve("jars"));
    Path conf = Files.createDirectories(home.resolve("conf"));
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry).toAbsolutePath();
      String name = String.format("%03d-", i++);
      if (Files.isDirectory(p)) {
        Path module = p.getParent() == null ? p : p.getParent().getParent();
        String tag = (module == null ? "" : module.getFileName() + "-") + p.getFileName();
        packFolder(p, jars.resolve(name + tag.replaceAll("[^A-Za-z0-9._-]", "_") + ".jar"));
      } else if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")) {
        Files.createSymbolicLink(jars.resolve(name + p.getFileName()), p);
      }
    }
    try (var in = LocalCluster.class.getResourceAsStream("/log4j2-test.properties")) {
      if (in != null) {
        Files.copy(in, conf.resolve("log4j2.properties"));
      }
    }
  }

  /**
   * A session on {@code local-cluster[workers,1,1024]}: one core and 1 GB per executor, every
   * endpoint on the loopback address, no UI.
   */
  static SparkSession session(int workers, Path tmp) {
    // short-lived JVMs on a 2-core machine that also runs the driver: with the client compiler only
    // and one GC thread, a Maven run of ExecutorLossTest took 2m01s of CPU, 2m40s without
    List<String> executorOptions =
        new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    // what this JVM got for ONNX Runtime and, on JDK 24+, for Spark's Unsafe (surefire's argLine);
    // Spark adds its module options to the executors' command line itself
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if ((a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe"))
          && !executorOptions.contains(a)) {
        executorOptions.add(a);
      }
    }
    return SparkSession.builder()
        .master("local-cluster[" + workers + ",1,1024]")
        .appName("vigil-spark-cluster-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", "1g")
        .config("spark.executor.extraJavaOptions", String.join(" ", executorOptions))
        // what the Workers' command builder reads (there is no launcher/target/scala-2.13 here)
        .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
        .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1")
        .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString())
        .getOrCreate();
  }

  /** The last {@code chars} characters of each executor's stderr under {@code home/work}. */
  static String executorLogs(Path home, int chars) {
    Path work = home.resolve("work");
    if (!Files.isDirectory(work)) {
      return "(no executor logs in " + work + ")";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(work)) {
      for (Path f : s.filter(x -> x.getFileName().toString().equals("stderr")).sorted().toList()) {
        String text = Files.readString(f);
        sb.append("\n--- ")
            .append(work.relativize(f))
            .append(" ---\n")
            .append(text.substring(Math.max(0, text.length() - chars)));
      }
    } catch (IOException e) {
      sb.append("\n(executor logs unreadable: ").append(e).append(')');
    }
    return sb.toString();
  }

  /** A jar of a class folder, its files at the jar's root; stored fast (level 1). */
  private static void packFolder(Path dir, Path jar) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.setLevel(Deflater.BEST_SPEED);
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              if (!d.equals(dir)) {
                j.putNextEntry(new JarEntry(entryName(dir, d) + "/"));
                j.closeEntry();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              String name = entryName(dir, f);
              if (!name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                j.putNextEntry(new JarEntry(name));
                Files.copy(f, j);
                j.closeEntry();
              }
              return FileVisitResult.CONTINUE;
            }
          });
    }
  }

  private static String entryName(Path root, Path p) {
    return root.relativize(p).toString().replace(File.separatorChar, '/');
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + p, e);
        }
      }
    }
  }
}
