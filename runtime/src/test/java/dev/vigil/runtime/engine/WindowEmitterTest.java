package dev.vigil.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.runtime.segment.Window;
import dev.vigil.runtime.verdict.Label;
import dev.vigil.runtime.verdict.SegmentCollector;
import dev.vigil.runtime.verdict.WindowVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowEmitterTest {

  private static void score(SegmentCollector c, int stream, int index, double score) {
    Window w =
        new Window(index, index * 24_000L, index * 24_000L + 48_000, 16_000, -20, false, false);
    c.add(stream, w, score, new float[] {0.1f, 0.9f}, new float[] {0.5f, 0.5f}, 0);
  }

  @Test
  void windowsGoOutInTimeOrderPerChannelWhateverOrderTheyAreScoredIn() {
    List<WindowVerdict> out = new ArrayList<>();
    WindowEmitter e = new WindowEmitter(out::add, "live", 0.5, true);
    SegmentCollector c = new SegmentCollector(List.of("a", "b"));
    for (int i = 0; i < 4; i++) {
      e.arrived(i, 1000 + i);
    }
    score(c, 0, 1, 0.9);
    score(c, 1, 0, 0.2);
    e.emitReady(c);
    assertEquals(1, out.size(), "channel 0 waits for its window 0; channel 1's is out");
    assertEquals(1, out.get(0).channel());
    assertEquals(1, e.emitted());
    score(c, 0, 0, 0.1);
    score(c, 0, 2, 0.7);
    e.emitReady(c);
    assertEquals(4, out.size());
    assertEquals(
        List.of(0, 1, 2), out.subList(1, 4).stream().map(w -> w.segment().index()).toList());
    assertEquals(Label.SPOOF, out.get(2).label());
    assertEquals(1001, out.get(2).arrivedNanos());
    assertEquals(0.5, out.get(2).threshold());
    assertEquals(4, e.emitted());
    e.emitReady(c);
    assertEquals(4, e.emitted(), "nothing is handed out twice");
  }
}
