package dev.vigil.runtime.testing.cyclefixture.a;

import dev.vigil.runtime.testing.cyclefixture.b.B;

/** Half of a deliberate package cycle ({@code PackageCyclesTest} must see it). */
public final class A {
  /** Depends on the other package. */
  public B b() {
    return new B();
  }
}
