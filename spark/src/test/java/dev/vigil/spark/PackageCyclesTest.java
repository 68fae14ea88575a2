package dev.vigil.spark;

import dev.vigil.runtime.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * This module's packages depend one way (the rule and its own test: the runtime's PackageCycles).
 */
class PackageCyclesTest {
  @Test
  void packagesFormNoCycle() {
    PackageCycles.assertNone("dev.vigil.spark");
  }
}
