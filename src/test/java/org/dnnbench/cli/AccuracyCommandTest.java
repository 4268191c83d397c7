package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dnnbench.onnx.OnnxTestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box tests of {@code accuracy} and of {@code analyze}/{@code summary} on ONNX files. */
class AccuracyCommandTest {
  @TempDir Path dir;

  static CliRunner.Result run(String... args) {
    return CliRunner.run(args);
  }

  /**
   * A 2-class classifier: global average pool then a hand-set Gemm (class 0 dark, class 1 bright).
   */
  Path tinyModel() throws IOException {
    var g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("tiny");
    g.addInput(OnnxTestModels.tensorInfo("image", null, 3, 8, 8));
    g.addInitializer(OnnxTestModels.floats("w", new float[] {-1, -1, -1, 1, 1, 1}, 2, 3));
    g.addInitializer(OnnxTestModels.floats("b", new float[] {0, 0}, 2));
    g.addNode(OnnxTestModels.node("GlobalAveragePool", new String[] {"image"}, "pool"));
    g.addNode(OnnxTestModels.node("Flatten", new String[] {"pool"}, "flat"));
    g.addNode(
        OnnxTestModels.node("Gemm", new String[] {"flat", "w", "b"}, "y")
            .addAttribute(OnnxTestModels.intAttr("transB", 1)));
    g.addOutput(OnnxTestModels.tensorInfo("y", null, 2));
    return Files.write(dir.resolve("tiny.onnx"), OnnxTestModels.model(g).toByteArray());
  }

  @Test
  void accuracyOfAnOnnxFileOnAFolderPerClassDataset() throws IOException {
    Path model = tinyModel();
    Path data = dir.resolve("data");
    org.dnnbench.accuracy.TestImagesAccess.gray(data.resolve("dark").resolve("1.png"), 20, 20, 10);
    org.dnnbench.accuracy.TestImagesAccess.gray(
        data.resolve("bright").resolve("1.png"), 20, 20, 240);
    org.dnnbench.accuracy.TestImagesAccess.gray(
        data.resolve("bright").resolve("2.png"), 20, 20, 20); // mislabelled
    Path labels = Files.write(dir.resolve("labels.txt"), java.util.List.of("dark", "bright"));
    var r =
        run(
            "accuracy",
            model.toString(),
            "--data",
            data.toString(),
            "--labels",
            labels.toString(),
            "--mean",
            "0.5,0.5,0.5",
            "-f",
            "csv",
            "--threads",
            "2");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(
        lines[0].startsWith("model,accuracy,images,skipped,top1,top1_ci95,top5,top5_ci95"),
        r.out());
    String[] row = lines[1].split(",");
    assertAll(
        () -> assertEquals("tiny", row[0]),
        () -> assertEquals("measured", row[1]),
        () -> assertEquals("3", row[2]),
        () -> assertEquals("0", row[3]),
        () -> assertEquals(66.667, Double.parseDouble(row[4]), 1e-9),
        () ->
            assertEquals(
                100.0, Double.parseDouble(row[6]), 1e-9, "2 classes: everything is in the top 5"),
        () ->
            assertTrue(
                r.err().contains("top-1 66.67%"), "progress shows the running top-1: " + r.err()));
  }

  @Test
  void theResultIsStoredAsMeasuredWithTheMachine() throws IOException {
    Path model = tinyModel();
    Path data = dir.resolve("data");
    org.dnnbench.accuracy.TestImagesAccess.gray(data.resolve("dark").resolve("1.png"), 20, 20, 10);
    org.dnnbench.accuracy.TestImagesAccess.gray(
        data.resolve("bright").resolve("1.png"), 20, 20, 240);
    Path labels = Files.write(dir.resolve("labels.txt"), java.util.List.of("dark", "bright"));
    Path db = dir.resolve("results.db");
    var r =
        run(
            "accuracy",
            model.toString(),
            "--data",
            data.toString(),
            "--labels",
            labels.toString(),
            "--mean",
            "0.5,0.5,0.5",
            "--store",
            db.toString(),
            "--machine-label",
            "lab");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("stored as measured in jdbc:sqlite:"), r.err());
    try (var store =
        org.dnnbench.store.JdbcResultStore.open(
            org.dnnbench.store.StoreLocation.toUrl(db.toString()))) {
      var measured =
          store.accuracies().stream()
              .filter(a -> a.kind() == org.dnnbench.store.AccuracyKind.MEASURED)
              .toList();
      assertEquals(1, measured.size(), measured.toString());
      assertAll(
          () -> assertEquals("tiny", measured.get(0).model()),
          () -> assertEquals(100.0, measured.get(0).top1(), 1e-9),
          () ->
              assertEquals(
                  org.dnnbench.measure.MachineIdentity.current().id("lab"),
                  measured.get(0).machineId()),
          () -> assertEquals("lab", measured.get(0).environment().machine().label()));
    }
  }

  @Test
  void issuesGoToTheirOwnFileInMachineFormats() throws IOException {
    Path model = tinyModel();
    Path data = dir.resolve("data");
    org.dnnbench.accuracy.TestImagesAccess.gray(data.resolve("dark").resolve("1.png"), 20, 20, 10);
    Files.createDirectories(data.resolve("bright"));
    Files.write(
        data.resolve("bright").resolve("broken.jpg"),
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
    Path labels = Files.write(dir.resolve("labels.txt"), java.util.List.of("dark", "bright"));
    Path issues = dir.resolve("issues.json");
    var r =
        run(
            "accuracy",
            model.toString(),
            "--data",
            data.toString(),
            "--labels",
            labels.toString(),
            "-f",
            "json",
            "--issues",
            issues.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().strip().startsWith("[") && r.out().strip().endsWith("]"),
        "one JSON document: " + r.out());
    assertTrue(r.out().contains("\"skipped\" : 1"), r.out());
    String list = Files.readString(issues);
    assertTrue(list.contains("broken.jpg") && list.contains("\"action\" : \"skipped\""), list);
    assertTrue(
        r.err().contains("skipped " + data.resolve("bright").resolve("broken.jpg")), r.err());
  }

  @Test
  void decompressionBombsAreSkippedAsTooLargeAndTheRunGoesOn() throws IOException {
    Path model = tinyModel();
    Path data = dir.resolve("data");
    org.dnnbench.accuracy.TestImagesAccess.gray(data.resolve("dark").resolve("1.png"), 20, 20, 10);
    org.dnnbench.accuracy.TestImagesAccess.gray(
        data.resolve("bright").resolve("1.png"), 20, 20, 240);
    for (int i = 0; i < 2; i++) {
      org.dnnbench.accuracy.TestImagesAccess.pngBomb(
          data.resolve("bright").resolve("bomb" + i + ".png"), 10_000, 10_000);
    }
    Path labels = Files.write(dir.resolve("labels.txt"), java.util.List.of("dark", "bright"));
    Path issues = dir.resolve("issues.csv");
    var r =
        run(
            "accuracy",
            model.toString(),
            "--data",
            data.toString(),
            "--labels",
            labels.toString(),
            "--mean",
            "0.5,0.5,0.5",
            "-f",
            "csv",
            "--issues",
            issues.toString());
    assertEquals(0, r.code(), r.err());
    String[] row = r.out().split("\n")[1].split(",");
    assertAll(
        () -> assertEquals("2", row[2], "images evaluated"),
        () -> assertEquals("2", row[3], "skipped"),
        () -> assertEquals(100.0, Double.parseDouble(row[4]), 1e-9));
    String list = Files.readString(issues);
    assertEquals(2, list.lines().filter(l -> l.contains("too large: 10000 x 10000")).count(), list);
  }

  @Test
  void impossibleSizesAndThreadCountsAreRefusedAtOnceNamingTheLimit() throws IOException {
    Path model = tinyModel();
    var size =
        run("accuracy", model.toString(), "--data", dir.toString(), "--input-size", "100000");
    assertEquals(ExitCodes.USAGE, size.code(), size.err());
    assertEquals(
        "error: --input-size must be between 1 and 4096 pixels (ImageNet models take 224 to 600),"
            + " got 100000",
        size.err().strip());
    var threads =
        run("accuracy", model.toString(), "--data", dir.toString(), "--threads", "100000");
    assertEquals(ExitCodes.USAGE, threads.code(), threads.err());
    assertTrue(
        threads.err().startsWith("error: --threads (decoding threads) must be between 1 and "),
        threads.err());
    assertTrue(threads.err().strip().endsWith("got 100000"), threads.err());
  }

  @Test
  void catalogIdAloneIsRefusedWithTheWayOut() {
    var r = run("accuracy", "alexnet", "--data", dir.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("error: 'alexnet' is a catalog id"), r.err());
    assertTrue(r.err().contains("--weights alexnet.onnx"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void weightsOfAnotherModelAreCaught() throws IOException {
    Path model = tinyModel();
    Path data = dir.resolve("data");
    org.dnnbench.accuracy.TestImagesAccess.gray(
        data.resolve("n01440764").resolve("1.png"), 20, 20, 10);
    var r = run("accuracy", "alexnet", "--weights", model.toString(), "--data", data.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(
        r.err()
            .contains(
                "warning: weights file '"
                    + model
                    + "' has 8 trainable parameters, catalog model 'alexnet' has 61100840"),
        r.err());
    assertTrue(
        r.err()
            .contains(
                "takes 8x8 images but catalog model 'alexnet' takes 224x224; pass --input-size"),
        r.err());
  }

  @Test
  void unknownIdListsTheCatalog() {
    var r = run("accuracy", "resnet9000", "--data", dir.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("unknown model 'resnet9000'; valid: "), r.err());
  }

  @Test
  void analyzeAndSummaryReadOnnxFiles() throws IOException {
    Path model = tinyModel();
    var a = run("analyze", model.toString(), "-f", "csv", "--batch", "1");
    assertEquals(0, a.code(), a.err());
    // by hand: Gemm 3*2 + 2 = 8 parameters, 6 MACs
    assertTrue(a.out().lines().skip(1).findFirst().orElse("").startsWith("tiny,8,8,"), a.out());
    var s = run("summary", model.toString(), "-f", "csv");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("Gemm") || s.out().contains("Linear"), s.out());
  }

  @Test
  void truncatedFileIsOneLineError() throws IOException {
    byte[] full = Files.readAllBytes(tinyModel());
    Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(full, full.length / 2));
    for (String cmd : new String[] {"analyze", "summary"}) {
      var r = run(cmd, cut.toString());
      assertEquals(ExitCodes.USAGE, r.code(), cmd);
      assertTrue(r.err().startsWith("error: malformed ONNX file '" + cut + "': "), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }
}
