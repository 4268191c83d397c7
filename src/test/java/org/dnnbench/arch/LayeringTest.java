package org.dnnbench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core ({@code graph}, {@code zoo}, {@code analysis}) imports no engine, database, chart
 * library or outer layer; {@code graph} and {@code results} use the JDK only; the store and the
 * report read results without the harness; only {@code engine} names ONNX Runtime; no two packages
 * depend on each other, directly or through others.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.dnnbench");
  }

  @Test
  void coreImportsNoEngineDatabaseOrChartLibrary() {
    noClasses()
        .that()
        .resideInAnyPackage("org.dnnbench.graph..", "org.dnnbench.zoo..", "org.dnnbench.analysis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.onnxruntime..",
            "ai.onnx..",
            "java.sql..",
            "javax.sql..",
            "org.sqlite..",
            "org.postgresql..",
            "org.jfree..",
            "java.awt..",
            "javax.imageio..",
            "picocli..",
            "org.dnnbench.onnx..",
            "org.dnnbench.engine..",
            "org.dnnbench.quant..",
            "org.dnnbench.measure..",
            "org.dnnbench.accuracy..",
            "org.dnnbench.store..",
            "org.dnnbench.report..",
            "org.dnnbench.app..",
            "org.dnnbench.cli..")
        .check(classes);
  }

  @Test
  void graphUsesTheJdkOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.dnnbench.graph..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "org.dnnbench.graph..")
        .check(classes);
  }

  @Test
  void analysisDependsOnGraphOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.dnnbench.analysis..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "org.dnnbench.graph..", "org.dnnbench.analysis..")
        .check(classes);
  }

  @Test
  void quantizerWorksOnOnnxAndReachesTheRuntimeOnlyThroughTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("org.dnnbench.quant..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.onnxruntime..",
            "org.dnnbench.measure..",
            "org.dnnbench.store..",
            "org.dnnbench.report..",
            "org.dnnbench.app..",
            "org.dnnbench.cli..")
        .check(classes);
  }

  @Test
  void resultsUseTheJdkOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.dnnbench.results..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "org.dnnbench.results..")
        .check(classes);
  }

  @Test
  void storeAndReportNeverImportTheHarness() {
    noClasses()
        .that()
        .resideInAnyPackage("org.dnnbench.store..", "org.dnnbench.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.dnnbench.measure..", "org.dnnbench.engine..")
        .check(classes);
  }

  @Test
  void onlyTheEngineNamesOnnxRuntime() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.dnnbench.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.onnxruntime..")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("org.dnnbench.(*)..").should().beFreeOfCycles().check(classes);
  }
}
