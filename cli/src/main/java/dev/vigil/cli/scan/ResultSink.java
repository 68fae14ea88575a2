package dev.vigil.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Where scan results go. The rows of one file are written together and flushed before {@link
 * #write} returns, so an interrupted scan loses at most the file being written.
 */
public interface ResultSink extends AutoCloseable {

  /** Writes the rows of one input (one per channel when channels are split) and flushes. */
  void write(List<ObjectNode> rows) throws IOException;

  @Override
  void close() throws IOException;
}
