package dev.vigil.trainer.arch;

/** Builds the DJL block of a {@link Layer}. */
public final class LayerBlocks {
  private LayerBlocks() {}

  /** A fresh, uninitialised DJL block for {@code layer}. */
  public static DescribedBlock build(Layer layer) {
    if (layer instanceof Layer.Conv2d c) {
      return new ConvBlock(c);
    } else if (layer instanceof Layer.BatchNorm b) {
      return new BatchNormBlock(b);
    } else if (layer instanceof Layer.Linear l) {
      return new LinearBlock(l);
    } else if (layer instanceof Layer.LayerNorm l) {
      return new LayerNormBlock(l);
    } else if (layer instanceof Layer.Sequential s) {
      return new SequentialBlock(s);
    } else if (layer instanceof Layer.BasicBlock b) {
      return new ResidualBlock(b);
    } else if (layer instanceof Layer.SelfAttention a) {
      return new SelfAttentionBlock(a);
    } else if (layer instanceof Layer.EncoderLayer e) {
      return new EncoderLayerBlock(e);
    }
    return new OpBlock(layer);
  }

  /** A short name for a layer's kind, used to name child blocks. */
  static String opName(Layer layer) {
    String n = layer.getClass().getSimpleName();
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }
}
