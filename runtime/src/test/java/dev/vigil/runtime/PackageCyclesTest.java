package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.vigil.runtime.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The runtime's packages depend one way (decode → … → verdict, the facade and engine on top). */
class PackageCyclesTest {
  @Test
  void runtimePackagesFormNoCycle() {
    PackageCycles.assertNone("dev.vigil.runtime");
  }

  @Test
  void theRuleSeesACycle() {
    String root = "dev.vigil.runtime.testing.cyclefixture";
    EvaluationResult r =
        PackageCycles.check(new ClassFileImporter().importPackages(root), root + ".a");
    assertTrue(r.hasViolation(), "the fixture's a <-> b cycle was not reported");
    String report = r.getFailureReport().toString();
    assertTrue(report.contains("cyclefixture.a") && report.contains("cyclefixture.b"), report);
    assertFalse(
        PackageCycles.check(new ClassFileImporter().importPackages(root + ".a"), root + ".a")
            .hasViolation(),
        "one package alone is no cycle");
  }
}
