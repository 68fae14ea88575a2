package dev.vigil.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which runtime internals each command may use directly (docs/architecture.md, "What a command may
 * use"): every command goes through {@code Detector} / {@code DetectionEngine} or the model file
 * API, and only the commands that have a reason reach past them.
 */
class RuntimeLayersTest {

  static final String RT = "dev.vigil.runtime.";

  /**
   * Types of the pipeline's packages that only describe (what the facade and the model file hand
   * out): any command may read them.
   */
  static final Set<String> DESCRIPTIVE =
      Set.of(
          RT + "features.FeatureSpec",
          RT + "segment.SegmentConfig",
          RT + "decode.AudioSource",
          RT + "decode.AudioInfo",
          RT + "decode.AudioInputException",
          RT + "decode.AudioInputException$Problem",
          RT + "decode.DecodeOptions",
          RT + "decode.StreamFormat",
          RT + "decode.StreamFormat$Kind",
          RT + "decode.StreamFormat$Signature",
          RT + "decode.PcmEncoding");

  static JavaClasses cli;

  @BeforeAll
  static void importCli() {
    cli =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.vigil.cli");
    assertFalse(cli.isEmpty(), "no main classes found under dev.vigil.cli");
  }

  private static DescribedPredicate<JavaClass> named(String description, Set<String> names) {
    return DescribedPredicate.describe(description, c -> names.contains(c.getName()));
  }

  private static DescribedPredicate<JavaClass> pipelineStage() {
    return DescribedPredicate.describe(
        "runtime pipeline stages (decoders, resampling, feature computation, segmenting, the"
            + " pipeline that composes them)",
        c ->
            (c.getPackageName().startsWith(RT + "decode")
                    || c.getPackageName().startsWith(RT + "pipeline")
                    || c.getPackageName().startsWith(RT + "resample")
                    || c.getPackageName().startsWith(RT + "features")
                    || c.getPackageName().startsWith(RT + "segment"))
                && !DESCRIPTIVE.contains(c.getName()));
  }

  private static DescribedPredicate<JavaMethodCall> modelSession() {
    Set<String> modelMethods = Set.of("load", "loadDefault", "run", "newBatch");
    return DescribedPredicate.describe(
        "the model's session (Model.load/loadDefault/run/newBatch, Detector.loadedModel)",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          return owner.equals(RT + "model.Model") && modelMethods.contains(name)
              || owner.equals(RT + "Detector") && name.equals("loadedModel");
        });
  }

  private static void check(ArchRule rule) {
    var r = rule.evaluate(cli);
    assertFalse(r.hasViolation(), () -> r.getFailureReport().toString());
  }

  @Test
  void onlyBenchAndExplainRunPipelineStagesThemselves() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("dev.vigil.cli.bench..", "dev.vigil.cli.explain..")
            .and()
            .doNotHaveFullyQualifiedName("dev.vigil.cli.scan.MediaSniffer")
            .should()
            .dependOnClassesThat(pipelineStage())
            .because(
                "scan, evaluate and info get audio scored through Detector/DetectionEngine;"
                    + " bench times the stages, explain shows a window's features"));
  }

  @Test
  void theScanAsksTheDecodersOnlyWhetherAFileIsMedia() {
    check(
        noClasses()
            .that()
            .haveFullyQualifiedName("dev.vigil.cli.scan.MediaSniffer")
            .should()
            .dependOnClassesThat(
                DescribedPredicate.and(
                    pipelineStage(),
                    DescribedPredicate.not(
                        named("AudioDecoders", Set.of(RT + "decode.AudioDecoders"))))));
  }

  @Test
  void onlyBenchRunsTheModelDirectly() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("dev.vigil.cli.bench..", "dev.vigil.cli.common..")
            .should()
            .callMethodWhere(modelSession())
            .because("bench measures the model alone; everything else scores through Detector"));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.vigil.cli.bench..")
            .should()
            .dependOnClassesThat(named("Batch", Set.of(RT + "model.Batch"))));
  }

  @Test
  void onlyInfoAndEvaluateOpenTheModelFileThemselves() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.vigil.cli.info..", "dev.vigil.cli.evaluate..", "dev.vigil.cli.common..")
            .should()
            .dependOnClassesThat(
                named(
                    "the model file API (ModelFile, OnnxFile, ModelContract)",
                    Set.of(
                        RT + "model.OnnxFile", RT + "model.ModelContract", RT + "model.ModelFile")))
            .because("the other commands get the model through Detector or ModelMixin"));
  }
}
