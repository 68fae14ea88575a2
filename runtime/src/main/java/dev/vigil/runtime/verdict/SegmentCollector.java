package dev.vigil.runtime.verdict;

import dev.vigil.runtime.decode.AudioInfo;
import dev.vigil.runtime.segment.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one input's scored segments, possibly out of order and from another thread, and turns
 * them into verdicts (one per scored stream). Thread-safe.
 */
public final class SegmentCollector {
  private final List<String> expertNames;
  private final List<List<SegmentVerdict>> streams = new ArrayList<>();
  private int count;

  /**
   * @param expertNames the model's experts, in output order
   */
  public SegmentCollector(List<String> expertNames) {
    this.expertNames = List.copyOf(expertNames);
  }

  /**
   * Records one scored window.
   *
   * @param stream 0 when mixed, else the channel
   * @param window the window
   * @param score the mixture's P(spoof)
   * @param expertScores each expert's P(spoof) at {@code expertScores[off .. off + E)}
   * @param gateWeights the gate weights at {@code gateWeights[off .. off + E)}
   * @param off where this segment's E values start
   */
  public synchronized void add(
      int stream, Window window, double score, float[] expertScores, float[] gateWeights, int off) {
    int e = expertNames.size();
    List<Double> es = new ArrayList<>(e);
    List<Double> gw = new ArrayList<>(e);
    for (int i = 0; i < e; i++) {
      es.add((double) expertScores[off + i]);
      gw.add((double) gateWeights[off + i]);
    }
    while (streams.size() <= stream) {
      streams.add(new ArrayList<>());
    }
    List<SegmentVerdict> list = streams.get(stream);
    while (list.size() <= window.index()) {
      list.add(null);
    }
    if (list.get(window.index()) != null) {
      throw new IllegalStateException(
          "segment " + window.index() + " of stream " + stream + " scored twice");
    }
    list.set(
        window.index(),
        new SegmentVerdict(
            window.index(),
            window.startSeconds(),
            window.endSeconds(),
            score,
            es,
            gw,
            window.silent()));
    count++;
  }

  /** Window {@code index} of stream {@code stream} when it is scored, else null. */
  public synchronized SegmentVerdict get(int stream, int index) {
    if (stream >= streams.size()) {
      return null;
    }
    List<SegmentVerdict> list = streams.get(stream);
    return index < list.size() ? list.get(index) : null;
  }

  /** Scored streams seen so far (the highest stream recorded + 1). */
  public synchronized int streams() {
    return streams.size();
  }

  /** Segments recorded so far, over all streams. */
  public synchronized int count() {
    return count;
  }

  /**
   * The verdicts, one per stream.
   *
   * @param source the input's name
   * @param split true when channels were scored apart (the verdicts carry the channel index)
   * @param audio the source format
   * @param durationSeconds decoded duration at the model's rate
   * @param threshold the threshold to label at
   * @param timings the input's timings (shared by its streams)
   * @throws IllegalStateException when a segment is missing
   */
  public synchronized List<FileVerdict> build(
      String source,
      boolean split,
      AudioInfo audio,
      double durationSeconds,
      double threshold,
      FileVerdict.Timings timings) {
    List<FileVerdict> out = new ArrayList<>(streams.size());
    for (int s = 0; s < streams.size(); s++) {
      List<SegmentVerdict> list = streams.get(s);
      if (list.contains(null)) {
        throw new IllegalStateException(
            source + ": segment " + list.indexOf(null) + " was not scored");
      }
      out.add(
          Aggregation.aggregate(
              source,
              split ? s : -1,
              audio,
              durationSeconds,
              expertNames,
              list,
              threshold,
              timings));
    }
    return out;
  }
}
