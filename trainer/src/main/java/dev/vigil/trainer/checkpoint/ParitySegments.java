package dev.vigil.trainer.checkpoint;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vigil.trainer.arch.MixtureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed set of {@code count} model inputs (e.g. real validation segments), one row-major float
 * array per input name holding {@code count} examples, so export's parity check is repeatable.
 * {@code ids} name the segments (e.g. {@code "file.flac@24000"}), one per example.
 */
public record ParitySegments(int count, Map<String, float[]> inputs, List<String> ids) {

  /** Copies; ids default to "0", "1", .... */
  public ParitySegments {
    if (count < 0) {
      throw new IllegalArgumentException("parity segment count must be >= 0, got " + count);
    }
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    if (ids == null) {
      List<String> d = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        d.add(Integer.toString(i));
      }
      ids = d;
    }
    ids = List.copyOf(ids);
    if (ids.size() != count) {
      throw new IllegalArgumentException("parity segments: " + ids.size() + " ids for " + count);
    }
  }

  /** No segments (export then checks parity on random inputs only). */
  public static ParitySegments none() {
    return new ParitySegments(0, Map.of(), List.of());
  }

  /**
   * Checks that every model input of {@code spec} is present with {@code count} examples of its
   * shape.
   *
   * @throws IllegalArgumentException naming the input and the expected size
   */
  public void check(MixtureSpec spec) {
    if (count == 0) {
      return;
    }
    for (String name : spec.inputNames()) {
      float[] data = inputs.get(name);
      long per = new Shape(spec.inputShape(name)).size();
      if (data == null || data.length != per * count) {
        throw new IllegalArgumentException(
            "parity segments: input "
                + name
                + " needs "
                + count
                + " × "
                + per
                + " floats, got "
                + (data == null ? "none" : data.length));
      }
    }
  }

  /** Examples [from, from + n) as NDArrays in {@link MixtureSpec#inputNames()} order. */
  public NDList batch(NDManager manager, MixtureSpec spec, int from, int n) {
    NDList list = new NDList();
    for (String name : spec.inputNames()) {
      long[] one = spec.inputShape(name);
      int per = (int) new Shape(one).size();
      float[] slice = new float[per * n];
      System.arraycopy(inputs.get(name), from * per, slice, 0, slice.length);
      long[] shape = new long[one.length + 1];
      shape[0] = n;
      System.arraycopy(one, 0, shape, 1, one.length);
      list.add(manager.create(slice, new Shape(shape)));
    }
    return list;
  }
}
