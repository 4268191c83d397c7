package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code bench}'s table names the input size of a case that is not at its model's default size (an
 * {@code input_size} column, only when there is one); its JSON always carries the size.
 */
class BenchReportInputSizeTest {
  static CaseResult atSize(CaseResult c, String size) {
    return new CaseResult(
        new CaseKey(c.model(), c.batch(), c.precision(), size),
        c.status(),
        c.detail(),
        c.timing(),
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  /** The fixture's case of {@code model} at batch 1. */
  static CaseResult first(double slowdown, String model) {
    return StoreFixtures.cases(StoreFixtures.WORKSTATION, slowdown).stream()
        .filter(c -> c.model().equals(model) && c.batch() == 1)
        .findFirst()
        .orElseThrow();
  }

  private static BenchRun run(List<CaseResult> cases) {
    return new BenchRun(StoreFixtures.WORKSTATION, new Trust(0.03, 2, 0.2, 1), cases, cases);
  }

  @Test
  void atTheDefaultSizeTheTableHasNoSizeColumnAndTheJsonTheModelsOwnSize() throws Exception {
    var cases = List.of(first(1, "alexnet"), first(1, "resnet18"));
    var run = run(cases);
    var json = new ObjectMapper().readTree(BenchReport.render(run, OutputFormat.JSON));
    assertAll(
        () -> assertFalse(BenchReport.table(run).columns().contains("input_size")),
        () -> assertFalse(BenchReport.render(run, OutputFormat.CSV).contains("input_size")),
        () -> assertEquals("224", json.get("cases").get(0).get("input_size").asText()));
  }

  @Test
  void aCaseAtAnotherSizeGetsTheColumnAndItsSizeInJson() throws Exception {
    var at224 = first(1, "resnet18");
    var at320 = atSize(first(2, "resnet18"), "320");
    var wide = atSize(first(1, "resnet50"), "320x256");
    var run = run(List.of(at224, at320, wide));
    var t = BenchReport.table(run);
    String csv = BenchReport.render(run, OutputFormat.CSV);
    String text = BenchReport.render(run, OutputFormat.TABLE);
    var json = new ObjectMapper().readTree(BenchReport.render(run, OutputFormat.JSON)).get("cases");
    assertAll(
        () -> assertEquals(1, t.columns().indexOf("input_size"), t.columns().toString()),
        () -> assertNull(t.get(0, "input_size")),
        () -> assertEquals("320", t.get(1, "input_size")),
        () -> assertEquals("320x256", t.get(2, "input_size")),
        () -> assertTrue(csv.lines().anyMatch(l -> l.startsWith(at224.model() + ",320,")), csv),
        () -> assertTrue(text.contains("input_size"), text),
        () -> assertEquals("224", json.get(0).get("input_size").asText()),
        () -> assertEquals("320", json.get(1).get("input_size").asText()),
        () -> assertEquals("320x256", json.get(2).get("input_size").asText()),
        // the two sizes of one model are two cases, each its own attempt
        () -> assertEquals(1, run.attemptsOf(at320)),
        () -> assertEquals("resnet18@320", at320.key().label()));
  }

  @Test
  void anOnnxFileAsItIsHasNoSizeInJson() throws Exception {
    var c = first(1, "alexnet");
    var file =
        new CaseResult(
            new CaseKey("my_model.onnx", 1),
            c.status(),
            c.detail(),
            c.timing(),
            c.valid(),
            c.memory(),
            c.environment());
    var json =
        new ObjectMapper()
            .readTree(BenchReport.render(run(List.of(file)), OutputFormat.JSON))
            .get("cases");
    assertTrue(json.get(0).get("input_size").isNull(), json.toString());
  }
}
