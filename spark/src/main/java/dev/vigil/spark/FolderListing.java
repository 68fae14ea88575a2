package dev.vigil.spark;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The files under folders, or matching a glob, on any Hadoop file system, as {@code vigil scan}
 * walks a folder: recursively, hidden entries (a name starting with {@code .}, or under such a
 * folder) left out, in path order; empty files kept (they get an {@code empty} row). Listed on the
 * driver with the file system's recursive listing ({@code listFiles}, one flat listing on object
 * stores), each file a row of {@link #SCHEMA}.
 */
final class FolderListing {
  private FolderListing() {}

  /** {@code path}, {@code length}, {@code modificationTime}, as Spark's {@code binaryFile}. */
  static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField(InputColumns.PATH, DataTypes.StringType, false),
              DataTypes.createStructField("length", DataTypes.LongType, false),
              DataTypes.createStructField("modificationTime", DataTypes.TimestampType, false)));

  /**
   * The files of a folder, a glob or one file.
   *
   * @throws IllegalArgumentException when nothing matches
   */
  static List<Row> list(String folderOrGlob, Configuration conf) throws IOException {
    Path pattern = new Path(folderOrGlob);
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(pattern);
    if (matches == null || matches.length == 0) {
      throw new IllegalArgumentException("--input " + folderOrGlob + ": no such file or folder");
    }
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus m : matches) {
      if (!m.isDirectory()) {
        files.add(m);
        continue;
      }
      String root = m.getPath().toUri().getPath();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!hidden(f.getPath().toUri().getPath().substring(root.length()))) {
          files.add(f);
        }
      }
    }
    files.sort(Comparator.comparing(f -> f.getPath().toString()));
    List<Row> rows = new ArrayList<>(files.size());
    for (FileStatus f : files) {
      rows.add(
          RowFactory.create(
              f.getPath().toString(), f.getLen(), new Timestamp(f.getModificationTime())));
    }
    return rows;
  }

  /** True when a path below the root has a name starting with a dot. */
  private static boolean hidden(String relative) {
    for (String name : relative.split("/")) {
      if (name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
