package dev.vigil.trainer.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A DJL block built from one {@link Layer} of the shared description; the exporter reads {@link
 * #layer()} and the block's parameters. Every parameter has a fixed shape known from the
 * description, so child blocks need no shape inference.
 */
public abstract class DescribedBlock extends AbstractBlock {
  private final Layer layer;

  /** For subclasses. */
  protected DescribedBlock(Layer layer) {
    this.layer = layer;
  }

  /** The description this block was built from. */
  public Layer layer() {
    return layer;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {
      withBatch(inputShapes[0].get(0), layer.outputShape(noBatch(inputShapes[0])))
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  static long[] noBatch(Shape s) {
    long[] all = s.getShape();
    long[] o = new long[all.length - 1];
    System.arraycopy(all, 1, o, 0, o.length);
    return o;
  }

  static Shape withBatch(long batch, long[] s) {
    long[] o = new long[s.length + 1];
    o[0] = batch;
    System.arraycopy(s, 0, o, 1, s.length);
    return new Shape(o);
  }
}
