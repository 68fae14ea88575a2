package dev.vigil.trainer.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/** Parameter factories with the reference initialisations. */
final class Params {
  private Params() {}

  static Parameter of(String name, Parameter.Type type, Initializer init, long... shape) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(new Shape(shape))
        .optInitializer(init)
        .build();
  }

  /** Running statistic: never trained. */
  static Parameter stat(String name, Parameter.Type type, float value, long... shape) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(new Shape(shape))
        .optInitializer(new ConstantInitializer(value))
        .optRequiresGrad(false)
        .build();
  }

  /** PyTorch's default conv/linear bound 1/sqrt(fan_in) (kaiming_uniform with a = sqrt(5)). */
  static Initializer fanIn(long fanIn) {
    return new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
  }

  /** Xavier-uniform: bound sqrt(6 / (fan_in + fan_out)), as the reference LCNN's init. */
  static Initializer xavier() {
    return new XavierInitializer(
        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
  }

  static Initializer constant(float v) {
    return new ConstantInitializer(v);
  }
}
