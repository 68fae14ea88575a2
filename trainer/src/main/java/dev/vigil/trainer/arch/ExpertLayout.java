package dev.vigil.trainer.arch;

import dev.vigil.runtime.features.FeatureSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer description of one expert: {@code body} maps [1, F, T] to the embedding [D] handed to a
 * gate, {@code head} maps the embedding to 2 logits (index 0 bonafide, 1 spoof).
 */
public record ExpertLayout(Layer.Sequential body, Layer.Linear head, int embeddingSize) {

  /** Validates that body and head fit together for the given input. */
  public ExpertLayout {
    if (head.in() != embeddingSize || head.out() != 2) {
      throw new IllegalArgumentException("expert head must map " + embeddingSize + " to 2");
    }
  }

  /** Trainable parameters of body and head. */
  public long parameters() {
    return body.parameters() + head.parameters();
  }

  /** The layout of an expert, checked against its front end's [1, F, T] input. */
  public static ExpertLayout of(ExpertSpec spec) {
    FeatureSpec f = spec.feature();
    long[] input = {1, f.bins(), f.frames()};
    ExpertLayout layout =
        switch (spec.architecture()) {
          case ExpertSpec.LCNN -> lcnn(input);
          case ExpertSpec.RESNET18 -> resnet18(input, spec.intOption("width", 64));
          default ->
              throw new IllegalArgumentException(
                  "architecture must be one of " + ExpertSpec.ARCHITECTURES);
        };
    long[] out = layout.body().outputShape(input);
    if (out.length != 1 || out[0] != layout.embeddingSize()) {
      throw new IllegalStateException("expert " + spec.name() + " body does not end in [D]");
    }
    return layout;
  }

  /**
   * LCNN of reference §1.4: nine convolutions with MFM, BatchNorms and max pools, adaptive max pool
   * to 16×8 (windows for this input's fixed size), fc29 4096→128, MFM, BN(64) = the embedding; head
   * fc32 64→2.
   */
  static ExpertLayout lcnn(long[] input) {
    List<Layer> l = new ArrayList<>();
    Layer.MaxFeatureMap mfm = new Layer.MaxFeatureMap();
    l.add(new Layer.Conv2d(1, 64, 5, 1, 2, true)); // conv1
    l.add(mfm);
    l.add(new Layer.MaxPool2d(2, 2, 0)); // maxpool3
    l.add(new Layer.Conv2d(32, 64, 1, 1, 0, true)); // conv4
    l.add(mfm);
    l.add(Layer.BatchNorm.of(32)); // batchnorm6
    l.add(new Layer.Conv2d(32, 96, 3, 1, 1, true)); // conv7
    l.add(mfm);
    l.add(new Layer.MaxPool2d(2, 2, 0)); // maxpool9
    l.add(Layer.BatchNorm.of(48)); // batchnorm10
    l.add(new Layer.Conv2d(48, 96, 1, 1, 0, true)); // conv11
    l.add(mfm);
    l.add(Layer.BatchNorm.of(48)); // batchnorm13
    l.add(new Layer.Conv2d(48, 128, 3, 1, 1, true)); // conv14
    l.add(mfm);
    l.add(new Layer.MaxPool2d(2, 2, 0)); // maxpool16
    l.add(new Layer.Conv2d(64, 128, 1, 1, 0, true)); // conv17
    l.add(mfm);
    l.add(Layer.BatchNorm.of(64)); // batchnorm19
    l.add(new Layer.Conv2d(64, 64, 3, 1, 1, true)); // conv20
    l.add(mfm);
    l.add(Layer.BatchNorm.of(32)); // batchnorm22
    l.add(new Layer.Conv2d(32, 64, 1, 1, 0, true)); // conv23
    l.add(mfm);
    l.add(Layer.BatchNorm.of(32)); // batchnorm25
    l.add(new Layer.Conv2d(32, 64, 3, 1, 1, true)); // conv26
    l.add(mfm);
    long[] pre = new Layer.Sequential(l).outputShape(input);
    l.add(new Layer.AdaptiveMaxPool2d(16, 8, (int) pre[1], (int) pre[2])); // maxpool28
    l.add(new Layer.Flatten());
    l.add(Layer.Linear.of(32 * 16 * 8, 128)); // fc29
    l.add(mfm);
    l.add(Layer.BatchNorm.of(64)); // batchnorm31: the embedding is taken after it
    return new ExpertLayout(new Layer.Sequential(l), Layer.Linear.of(64, 2), 64);
  }

  /**
   * Torchvision ResNet18 with one input channel and base width w: conv7×7 s2 p3 (no bias), BN,
   * ReLU, max pool 3 s2 p1, four stages of two BasicBlocks (w, 2w s2, 4w s2, 8w s2), global average
   * pool = the embedding [8w]; head FC 8w→2.
   */
  static ExpertLayout resnet18(long[] input, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("resnet18 width must be >= 1, got " + width);
    }
    List<Layer> l = new ArrayList<>();
    l.add(new Layer.Conv2d(1, width, 7, 2, 3, false));
    l.add(Layer.BatchNorm.of(width));
    l.add(new Layer.Relu());
    l.add(new Layer.MaxPool2d(3, 2, 1));
    int in = width;
    for (int stage = 0; stage < 4; stage++) {
      int out = width << stage;
      l.add(new Layer.BasicBlock(in, out, stage == 0 ? 1 : 2));
      l.add(new Layer.BasicBlock(out, out, 1));
      in = out;
    }
    l.add(new Layer.GlobalAvgPool());
    return new ExpertLayout(new Layer.Sequential(l), Layer.Linear.of(in, 2), in);
  }
}
