package dev.vigil.runtime.resample;

/**
 * The polyphase filter of an exact {@link SincKernel}, computed a block of output groups at a time
 * so that the JIT compiles the multiply-adds to SIMD instructions.
 *
 * <p>A <em>group</em> is {@link #groupOut} consecutive outputs starting at phase 0 (L·c outputs, c
 * chosen so that a group has at least {@value #MIN_GROUP_OUT}); it spans {@link #groupIn} = M·c
 * input samples, and output p of every group uses the same table row and the same offset into its
 * group's input. So for fixed p and tap j, the j-th taps of output p across n groups are n input
 * samples {@code groupIn} apart. {@link #run} first gathers them, for every offset a group's
 * outputs read, into one contiguous row per offset; then output p of all n groups is a sum of
 * {@code taps} row-times-coefficient products, four taps per pass over equal-index elements.
 * HotSpot (17 and later) vectorizes such loops; it does not vectorize a dot product per output, nor
 * the same pass with the taps read at an offset inside one array (it cannot rule out that the sums
 * and the input overlap), nor passes over more than four rows. {@code vigil bench} on 44.1 kHz
 * files shows the effect end to end.
 *
 * <p>Arithmetic is float, in a fixed order per output (the four products of a pass summed left to
 * right, then added to the running sum), so an output's value does not depend on how many groups a
 * block holds, nor on whether the JIT vectorized the loop.
 */
final class GroupedPolyphase {
  /** Least outputs per group: short rows make the vector loops all prologue and epilogue. */
  static final int MIN_GROUP_OUT = 128;

  /** Most groups per block; longer rows amortise each loop's set-up. */
  static final int MAX_GROUPS = 256;

  /** Cap on the gathered rows' size in floats (2 MiB), for extreme ratios. */
  private static final int MAX_SCRATCH = 1 << 19;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Outputs per group (L·c). */
  final int groupOut;

  /** Input samples per group (M·c). */
  final int groupIn;

  /**
   * Input samples one group reads, from its first output's first tap: offset of the last + taps.
   */
  final int span;

  /** Groups per block, at most {@link #MAX_GROUPS}. */
  final int maxGroups;

  private final int taps;

  /** For output p of a group: its first tap's offset from the group's first, and its table row. */
  private final int[] offsets;

  private final int[] rows;

  private final float[] table;

  GroupedPolyphase(int up, int down, int taps, double[] exactTable) {
    int c = (MIN_GROUP_OUT + up - 1) / up;
    groupOut = up * c;
    groupIn = down * c;
    this.taps = taps;
    offsets = new int[groupOut];
    rows = new int[groupOut];
    for (int p = 0; p < groupOut; p++) {
      long t = (long) p * down;
      offsets[p] = (int) (t / up);
      rows[p] = (int) (t % up) * taps;
    }
    span = offsets[groupOut - 1] + taps;
    maxGroups = Math.max(1, Math.min(MAX_GROUPS, MAX_SCRATCH / span));
    table = new float[exactTable.length];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) exactTable[i];
    }
  }

  /** Input samples a block of {@code groups} groups reads. */
  int inputSpan(int groups) {
    return (groups - 1) * groupIn + span;
  }

  /**
   * Computes {@code groups} consecutive groups and writes their first {@code count} outputs, in
   * order, to {@code out[outOff ..]}.
   *
   * @param x the input; {@code x[from]} is the first tap of the first group's first output
   * @param groups 1 ≤ groups ≤ {@link #maxGroups}; {@code x} holds {@link #inputSpan} samples
   * @param count outputs to write, ≤ groups · groupOut
   */
  void run(float[] x, int from, int groups, float[] out, int outOff, int count) {
    Scratch s = SCRATCH.get().ensure(span, maxGroups);
    float[][] gathered = s.rows;
    float[] acc = s.acc;
    for (int o = 0; o < span; o++) {
      float[] row = gathered[o];
      for (int i = 0, at = from + o; i < groups; i++, at += groupIn) {
        row[i] = x[at];
      }
    }
    float[] t = table;
    for (int p = 0; p < groupOut && p < count; p++) {
      java.util.Arrays.fill(acc, 0, groups, 0f);
      int r = rows[p];
      int o = offsets[p];
      int j = 0;
      for (; j + 3 < taps; j += 4) {
        multiplyAdd4(
            acc,
            gathered[o + j],
            gathered[o + j + 1],
            gathered[o + j + 2],
            gathered[o + j + 3],
            t[r + j],
            t[r + j + 1],
            t[r + j + 2],
            t[r + j + 3],
            groups);
      }
      for (; j < taps; j++) {
        multiplyAdd(acc, gathered[o + j], t[r + j], groups);
      }
      int n = Math.min(groups, (count - p + groupOut - 1) / groupOut);
      for (int i = 0, d = outOff + p; i < n; i++, d += groupOut) {
        out[d] = acc[i];
      }
    }
  }

  private static void multiplyAdd4(
      float[] acc,
      float[] a0,
      float[] a1,
      float[] a2,
      float[] a3,
      float c0,
      float c1,
      float c2,
      float c3,
      int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += c0 * a0[i] + c1 * a1[i] + c2 * a2[i] + c3 * a3[i];
    }
  }

  private static void multiplyAdd(float[] acc, float[] a, float c, int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += c * a[i];
    }
  }

  /**
   * One thread's gathered rows, grown to the largest rate pair that thread has converted (at most
   * {@value #MAX_SCRATCH} floats plus one row of sums): {@link #run} needs them only during a call.
   */
  private static final class Scratch {
    float[][] rows = new float[0][];
    float[] acc = new float[0];

    Scratch ensure(int count, int length) {
      if (rows.length < count || acc.length < length) {
        int n = Math.max(rows.length, count);
        int len = Math.max(acc.length, length);
        if ((long) n * len > MAX_SCRATCH) { // two shapes neither of which holds the other
          n = count;
          len = length;
        }
        rows = new float[n][len];
        acc = new float[len];
      }
      return this;
    }
  }
}
