package dev.vigil.runtime.testing.cyclefixture.b;

import dev.vigil.runtime.testing.cyclefixture.a.A;

/** The other half of the deliberate package cycle. */
public final class B {
  /** Depends back on the first package. */
  public A a() {
    return null;
  }
}
