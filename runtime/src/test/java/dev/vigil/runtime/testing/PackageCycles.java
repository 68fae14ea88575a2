package dev.vigil.runtime.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * The rule that a module's packages depend on each other one way: no package cycle among the main
 * classes under a root package (each package, the root included, is one slice). Every module's
 * {@code PackageCyclesTest} calls {@link #assertNone}.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /**
   * Fails, naming each cycle and the dependencies that make it, when the main (non-test) classes
   * under {@code rootPackage} form a package cycle.
   */
  public static void assertNone(String rootPackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(rootPackage);
    assertFalse(classes.isEmpty(), "no main classes found under " + rootPackage);
    EvaluationResult r = check(classes, rootPackage);
    assertFalse(r.hasViolation(), () -> r.getFailureReport().toString());
  }

  /**
   * The cycle rule over {@code classes}, each package under {@code rootPackage}'s parent a slice.
   */
  public static EvaluationResult check(JavaClasses classes, String rootPackage) {
    String parent = rootPackage.substring(0, rootPackage.lastIndexOf('.'));
    return slices()
        .matching(parent + ".(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .evaluate(classes);
  }
}
