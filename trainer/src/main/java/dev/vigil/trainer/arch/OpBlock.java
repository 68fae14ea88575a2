package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A parameterless layer of the description (MFM, pools, activations, dropout, flatten) as a DJL
 * block that still knows what it is, unlike DJL's lambda blocks.
 */
public final class OpBlock extends DescribedBlock {

  OpBlock(Layer layer) {
    super(layer);
    if (layer.parameters() != 0) {
      throw new IllegalArgumentException("not a parameterless layer: " + layer);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(layer(), inputs.singletonOrThrow(), training));
  }

  static NDArray apply(Layer layer, NDArray x, boolean training) {
    if (layer instanceof Layer.MaxFeatureMap) {
      // max(a, b) as b + relu(a - b): the same forward up to one rounding of a - b, and a backward
      // of one threshold pass where maximum's takes about six (where/eq/lt/gt/masked_fill); the
      // LCNN's MFMs run at full resolution, so this is a fifth of its step time (docs/training.md)
      NDList halves = x.split(2, 1);
      NDArray a = halves.get(0);
      NDArray b = halves.get(1);
      return b.add(Activation.relu(a.sub(b)));
    } else if (layer instanceof Layer.MaxPool2d p) {
      return Pool.maxPool2d(
          x,
          new Shape(p.kernel(), p.kernel()),
          new Shape(p.stride(), p.stride()),
          new Shape(p.padding(), p.padding()),
          false);
    } else if (layer instanceof Layer.AdaptiveMaxPool2d a) {
      NDArray rows = reduceWindows(x, a.rowWindows(), 2);
      return reduceWindows(rows, a.columnWindows(), 3);
    } else if (layer instanceof Layer.Relu) {
      return Activation.relu(x);
    } else if (layer instanceof Layer.LeakyRelu l) {
      return Activation.leakyRelu(x, (float) l.alpha());
    } else if (layer instanceof Layer.Dropout d) {
      return d.p() == 0 ? x : Dropout.dropout(x, (float) d.p(), training).singletonOrThrow();
    } else if (layer instanceof Layer.Flatten) {
      return x.reshape(new Shape(x.getShape().get(0), -1));
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return x.mean(new int[] {3}).mean(new int[] {2});
    }
    throw new IllegalArgumentException("not a parameterless layer: " + layer);
  }

  /** Max over each window of one axis (the windows of adaptive max pooling), concatenated. */
  private static NDArray reduceWindows(NDArray x, int[][] windows, int axis) {
    NDList parts = new NDList(windows.length);
    String prefix = axis == 2 ? ":, :, " : ":, :, :, ";
    for (int[] w : windows) {
      parts.add(x.get(new NDIndex(prefix + w[0] + ":" + w[1])).max(new int[] {axis}, true));
    }
    return NDArrays.concat(parts, axis);
  }
}
