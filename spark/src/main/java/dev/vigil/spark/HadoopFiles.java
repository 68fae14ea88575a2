package dev.vigil.spark;

import dev.vigil.runtime.decode.AudioInputException;
import dev.vigil.runtime.decode.AudioInputException.Problem;
import dev.vigil.runtime.decode.AudioSource;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Input rows as {@link AudioSource}s: bytes the row carries, or a stream of the file through the
 * Hadoop {@link FileSystem} API ({@link HadoopChannel}), opened when the decoder asks for it.
 */
final class HadoopFiles {
  private final Configuration conf;

  HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  /**
   * The input with its size and modification time: as the row gave them, else from the file's
   * status.
   *
   * @throws AudioInputException {@code unreadable} when the file is missing, a directory or cannot
   *     be reached
   */
  InputFile withStatus(InputFile in) throws AudioInputException {
    if (in.content() != null || in.size() >= 0) {
      return in;
    }
    try {
      Path p = new Path(in.path());
      FileStatus st = p.getFileSystem(conf).getFileStatus(p);
      if (st.isDirectory()) {
        throw new AudioInputException(in.path(), Problem.UNREADABLE, "is a directory, not a file");
      }
      return in.withStatus(st.getLen(), st.getModificationTime());
    } catch (FileNotFoundException e) {
      throw new AudioInputException(in.path(), Problem.UNREADABLE, "no such file", e);
    } catch (AccessControlException e) {
      throw new AudioInputException(in.path(), Problem.UNREADABLE, "permission denied", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new AudioInputException(
          in.path(), Problem.UNREADABLE, "cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /** The source to decode: the row's bytes, or a stream of the file (size known). */
  AudioSource source(InputFile in) {
    if (in.content() != null) {
      return AudioSource.of(in.content(), in.path());
    }
    long size = in.size();
    return AudioSource.of(
        () -> {
          Path p = new Path(in.path());
          return new HadoopChannel(p.getFileSystem(conf).open(p), size);
        },
        in.path());
  }
}
