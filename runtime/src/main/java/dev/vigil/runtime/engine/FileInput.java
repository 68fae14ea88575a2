package dev.vigil.runtime.engine;

import dev.vigil.runtime.decode.AudioSource;
import dev.vigil.runtime.segment.SegmentReader;
import java.io.IOException;

/** A file or upload, decoded by the pipeline's reader; opened on its first step. */
final class FileInput implements JobInput {
  private static final System.Logger LOG = System.getLogger(FileInput.class.getName());

  private final EngineState state;
  private final AudioSource source;
  private SegmentReader.Session session;
  private SegmentReader.Summary summary;

  FileInput(EngineState state, AudioSource source) {
    this.state = state;
    this.source = source;
  }

  @Override
  public Step step(Job job) throws IOException {
    if (session == null) {
      session = state.pipeline.open(source, job::accept);
    }
    if (session.step(1)) {
      summary = session.summary();
      return Step.FINISHED;
    }
    return Step.MORE;
  }

  @Override
  public SegmentReader.Summary summary() {
    return summary;
  }

  @Override
  public long arrivalNanos() {
    return System.nanoTime();
  }

  @Override
  public boolean timeLimited() {
    return true;
  }

  @Override
  public void close() {
    SegmentReader.Session s = session;
    session = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing " + source.name() + ": " + e.getMessage());
      }
    }
  }
}
