package dev.vigil.http;

import dev.vigil.runtime.engine.EngineListener;

/**
 * One engine's listener: feeds its batches and completed inputs into the service's meters, and its
 * queue depths as its share of the service-wide gauges, so that while a reload's replaced engine
 * drains the gauges count the inputs of both.
 */
final class EngineMetrics implements EngineListener {
  private final ServiceMetrics service;
  private int files;
  private int segments;
  private boolean closed;

  EngineMetrics(ServiceMetrics service) {
    this.service = service;
  }

  @Override
  public void onBatch(int size, long nanos) {
    service.batch(size, nanos);
  }

  @Override
  public synchronized void onQueueDepth(int files, int segments) {
    if (closed) {
      return;
    }
    service.depth(files - this.files, segments - this.segments);
    this.files = files;
    this.segments = segments;
  }

  @Override
  public void onFileDone(boolean ok, long nanos) {
    service.fileDone(ok);
  }

  /** The engine is closed: its share of the gauges goes back to zero and stays there. */
  synchronized void closed() {
    onQueueDepth(0, 0);
    closed = true;
  }
}
