package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Black-box tests of the command line: exit codes and what it prints. */
class CliTest {
  private static String golden(String name) throws IOException {
    try (InputStream in = CliTest.class.getResourceAsStream("golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void analyzeCsvMatchesGoldenUnderACommaDecimalLocale() throws IOException {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      var r = CliRunner.run("analyze", "alexnet", "--format", "csv");
      assertEquals(0, r.code(), r.err());
      assertEquals(golden("analyze-alexnet.csv"), r.out());
      var j = CliRunner.run("analyze", "alexnet", "--batch", "1,8", "--format", "json");
      assertEquals(golden("analyze-alexnet-b1-8.json"), j.out());
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void analyzeAllCoversTheCatalog() {
    var r = CliRunner.run("analyze", "--all", "--format", "csv", "--batch", "1");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(
        "model,input_size,params,param_mb,macs,flops,mem_mb_b1,param_mb_fp16,param_mb_int8,mem_peak_at,uncounted",
        lines[0]);
    assertEquals(Catalog.standard().ids().size() + 1, lines.length);
    for (String id : Catalog.standard().ids()) {
      long params = Catalog.standard().info(id).referenceParams();
      assertTrue(
          r.out()
              .contains(
                  "\n" + id + "," + Catalog.standard().info(id).inputSize() + "," + params + ","),
          id);
    }
  }

  @Test
  void analyzeSavesToTheStoreWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String db = dir.resolve("r.db").toString();
    var r = CliRunner.run("analyze", "alexnet", "resnet18", "--store", db, "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("analyses stored in jdbc:sqlite:"), r.err());
    var exported = CliRunner.run("results", "--store", db, "--format", "csv");
    assertEquals(
        2, exported.out().lines().filter(l -> l.startsWith("analysis,")).count(), exported.out());
  }

  @Test
  void modelsListsIdsAndPublishedAccuracy() {
    var r = CliRunner.run("models", "--format", "csv");
    assertEquals(0, r.code());
    assertTrue(
        r.out()
            .startsWith(
                "id,name,family,year,set,input_size,params,published_top1,published_top5\n"));
    assertTrue(r.out().contains("alexnet,AlexNet,AlexNet,2012,study,224,61100840,56.432,79.194\n"));
  }

  @Test
  void summaryEndsWithTotals() {
    var r = CliRunner.run("summary", "alexnet", "--format", "csv");
    assertEquals(0, r.code());
    String[] lines = r.out().split("\n");
    assertEquals("layer,op,attributes,output,params,macs", lines[0]);
    assertEquals("total,,,1000,61100840,714188480", lines[lines.length - 1]);
  }

  @Test
  void unknownModelIsOneLineNamingTheValidIds() {
    var r = CliRunner.run("analyze", "resnet9000");
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code()),
        () -> assertEquals("", r.out()),
        () -> assertEquals(1, r.err().strip().lines().count(), r.err()),
        () ->
            assertTrue(
                r.err().startsWith("error: unknown model 'resnet9000'; valid: alexnet"), r.err()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-4", "two", "1,,x"})
  void badBatchListsAreRejected(String batch) {
    var r = CliRunner.run("analyze", "alexnet", "--batch", batch);
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("error: Invalid value for option '--batch'"), r.err());
    assertTrue(r.err().contains("batch sizes must be"), r.err());
  }

  @Test
  void unknownConventionAndFormatNameTheChoices() {
    var c = CliRunner.run("analyze", "alexnet", "--convention", "thop");
    assertEquals(ExitCodes.USAGE, c.code());
    assertTrue(c.err().contains("unknown convention 'thop'; valid: torchvision, study"), c.err());
    var f = CliRunner.run("models", "--format", "xml");
    assertEquals(ExitCodes.USAGE, f.code());
    assertTrue(
        f.err().contains("unknown format 'xml'; valid: table, csv, json, markdown"), f.err());
  }

  @Test
  void noModelsIsAnError() {
    var r = CliRunner.run("analyze");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--all"), r.err());
  }

  @Test
  void studyConventionChangesMacs() {
    var r =
        CliRunner.run(
            "analyze", "alexnet", "--convention", "study", "--format", "csv", "--batch", "1");
    assertEquals(0, r.code());
    // conv MACs 655566528 + half of the conv bias adds (64*55*55 + 192*27*27 + 384*169 + 256*169*2)
    // / 1
    assertTrue(r.out().contains(",655809024,"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"models", "analyze", "summary", "run"})
  void everyCommandHasHelpWithDefaults(String command) {
    var r = CliRunner.run(command, "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: dnnbench " + command), r.out());
    if (!command.equals("run")) {
      assertTrue(r.out().replaceAll("\\s+", " ").contains("(default: table)"), r.out());
    }
  }
}
