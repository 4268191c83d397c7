package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --input-size} on catalog models, command by command: the size is the one analyzed,
 * exported and measured, and a size the architecture cannot take is one line with exit 2.
 */
class CatalogInputSizeCommandTest {
  @TempDir Path dir;

  /** resnet18 at 160 x 160: torchvision 0.14's dispatch-level count (torch_dispatch_macs.py). */
  private static final long RESNET18_160_MACS = 925_798_400L;

  private static String cell(String csv, String model, String column) {
    List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
    String row = csv.lines().filter(l -> l.startsWith(model + ",")).findFirst().orElseThrow();
    return row.split(",", -1)[header.indexOf(column)];
  }

  @Test
  void analyzeCountsAtTheSizeAndSaysIt() {
    var r = CliRunner.run("analyze", "resnet18", "--input-size", "160", "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertAll(
        () -> assertEquals("160", cell(r.out(), "resnet18", "input_size")),
        () -> assertEquals(String.valueOf(RESNET18_160_MACS), cell(r.out(), "resnet18", "macs")),
        () -> assertEquals("11689512", cell(r.out(), "resnet18", "params")));
    var n = CliRunner.run("analyze", "resnet18", "--input-size", "160x224", "--format", "csv");
    assertEquals(0, n.code(), n.err());
    assertEquals("160x224", cell(n.out(), "resnet18", "input_size"));
  }

  @Test
  void summaryShowsTheLayersAtTheSize() {
    var r = CliRunner.run("summary", "resnet18", "--input-size", "160", "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("conv1,Conv2d,") && r.out().contains("64x80x80"), r.out());
    assertTrue(r.out().contains("total,") && r.out().contains("," + RESNET18_160_MACS), r.out());
  }

  @Test
  void aSizeTheModelCannotTakeIsOneLineWithExit2() {
    for (String cmd : List.of("analyze", "summary")) {
      var r = CliRunner.run(cmd, "swin_t", "--input-size", "300");
      assertAll(
          () -> assertEquals(ExitCodes.USAGE, r.code(), r.err()),
          () -> assertEquals(1, r.err().strip().lines().count(), r.err()),
          () -> assertTrue(r.err().contains("swin_t cannot be built at 300x300"), r.err()),
          () -> assertTrue(r.err().contains("448x448"), r.err()));
    }
    var s = CliRunner.run("analyze", "resnet18", "--input-shape", "x=1x3x64x64");
    assertEquals(ExitCodes.USAGE, s.code(), s.err());
    assertTrue(s.err().contains("takes --input-size H[xW]"), s.err());
  }

  @Test
  void exportWritesTheGraphAtTheSize() throws Exception {
    Path out = dir.resolve("r160.onnx");
    var r = CliRunner.run("export", "resnet18", "--input-size", "160", "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("resnet18 at 3x160x160"), r.out());
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
    var dims = m.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
    assertAll(
        () -> assertEquals(160, dims.get(2).getDimValue()),
        () -> assertEquals(160, dims.get(3).getDimValue()),
        () ->
            assertEquals(
                String.valueOf(RESNET18_160_MACS),
                OnnxExporter.metadata(m).get(OnnxExporter.KEY_MACS)));
    var bad = CliRunner.run("export", "swin_t", "--input-size", "300", "-o", out.toString());
    assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    var int8 =
        CliRunner.run(
            "export", "resnet18", "--input-size", "160", "--precision", "int8", "-o", "x.onnx");
    assertEquals(ExitCodes.USAGE, int8.code(), int8.err());
    assertTrue(int8.err().contains("--input-size is for --precision fp32"), int8.err());
  }

  @Test
  void benchMeasuresTheCatalogModelAtTheSize() {
    var r =
        CliRunner.run(
            "bench",
            "squeezenet1_1",
            "--input-size",
            "96",
            "--batch",
            "1",
            "--runs",
            "1",
            "--warmup",
            "0",
            "--case-min",
            "0",
            "--max-other-cpu",
            "1",
            "--no-peak",
            "--no-store",
            "--format",
            "csv");
    assertEquals(0, r.code(), r.err());
    assertEquals("ok", cell(r.out(), "squeezenet1_1", "status"));
    var bad = CliRunner.run("bench", "swin_t", "--input-size", "300", "--no-peak", "--no-store");
    assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
    assertTrue(bad.err().contains("swin_t cannot be built at 300x300"), bad.err());
  }

  @Test
  void runStoresTheCaseUnderTheSizeItMeasured() {
    Path db = dir.resolve("results.db");
    String[] base = {
      "run",
      "--store",
      db.toString(),
      "--out",
      dir.resolve("report").toString(),
      "--models",
      "squeezenet1_1",
      "--batch",
      "1",
      "--warmup",
      "0",
      "--runs",
      "5",
      "--ci-target",
      "0.5",
      "--max-other-cpu",
      "1",
      "--case-cap",
      "1",
      "--case-min",
      "0",
      "--no-peak",
      "--threads",
      "1",
      "--attempts",
      "1" // one attempt per case, however much a busy machine's forks disagree
    };
    var sized = new java.util.ArrayList<>(List.of(base));
    sized.addAll(List.of("--input-size", "96"));
    var r = CliRunner.run(sized.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    // the default size is another case: measured again, not taken as done
    var d = CliRunner.run(base);
    assertEquals(0, d.code(), d.err());
    assertTrue(d.out().contains("0 already valid"), d.out());
    try (var store =
        org.dnnbench.store.JdbcResultStore.open(
            org.dnnbench.store.StoreLocation.toUrl(db.toString()))) {
      List<String> settings =
          store.attempts(store.cases().get(0).environment()).stream()
              .map(c -> c.attempt().settings())
              .sorted()
              .toList();
      assertEquals(2, settings.size(), settings.toString());
      assertTrue(settings.get(0).endsWith(";input=3x224x224"), settings.toString());
      assertTrue(settings.get(1).endsWith(";input=3x96x96"), settings.toString());
    }
  }
}
