package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy of a constructed model ({@link GrayLevelModel}) on synthetic datasets whose answers are
 * known by hand, through the whole path: dataset layout, decoding, preprocessing, ONNX Runtime,
 * ranking and statistics.
 */
class AccuracyEndToEndTest {
  static final int SIZE = 16;
  static final int PER_CLASS = 3;
  static final int K = GrayLevelModel.LEVELS.length;

  @TempDir Path dir;
  Path model;

  @BeforeEach
  void setUp() {
    model = GrayLevelModel.write(dir.resolve("gray10.onnx"), K, SIZE);
  }

  /**
   * PER_CLASS images of class k's gray level in {@code folder}: two PNG, one JPEG, various sizes.
   */
  static void classImages(Path folder, int k) {
    int v = GrayLevelModel.LEVELS[k];
    TestImages.gray(folder.resolve("a" + k + ".png"), 40, 30, v);
    TestImages.gray(folder.resolve("b" + k + ".PNG"), 30, 44, v);
    TestImages.gray(folder.resolve("c" + k + ".JPEG"), 50, 50, v);
  }

  Path folderDataset() {
    Path data = dir.resolve("data");
    for (int k = 0; k < K; k++) {
      classImages(data.resolve("c" + k), k);
    }
    return data;
  }

  Path labelsFile(String name, List<String> folders) throws IOException {
    return Files.write(dir.resolve(name), folders);
  }

  static PreprocessingOptions unitScale() {
    // input in [0, 1]: scale 1/255, mean 0, std 1
    return new PreprocessingOptions(
        OptionalInt.empty(),
        OptionalDouble.empty(),
        OptionalDouble.of(1 / 255.0),
        Optional.of(List.of(0.0, 0.0, 0.0)),
        Optional.of(List.of(1.0, 1.0, 1.0)),
        Optional.empty());
  }

  AccuracyReport run(Path modelFile, Path data, DatasetLayout layout, Path labels)
      throws Exception {
    var req =
        new AccuracyRequest(
            modelFile.toString(),
            Optional.empty(),
            data,
            layout,
            Optional.ofNullable(labels),
            Optional.empty(),
            unitScale(),
            OptionalInt.empty(),
            4,
            2,
            1,
            OptionalInt.empty());
    return AccuracyService.run(req, AccuracyListener.NONE);
  }

  static List<String> folders(int... order) {
    var l = new ArrayList<String>();
    for (int k : order) {
      l.add("c" + k);
    }
    return l;
  }

  @Test
  void correctLabelsGiveFullAccuracy() throws Exception {
    var r =
        run(
                model,
                folderDataset(),
                DatasetLayout.FOLDER_PER_CLASS,
                labelsFile("labels.txt", folders(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)))
            .result();
    assertAll(
        () -> assertEquals(K * PER_CLASS, r.images()),
        () -> assertEquals(0, r.skipped()),
        () -> assertEquals(100.0, r.top1(), 1e-9),
        () -> assertEquals(100.0, r.top5(), 1e-9),
        () -> assertEquals("gray10", r.model()),
        () -> assertEquals(64, r.weightsSha256().length()));
  }

  /**
   * Classes 0 and 1 (levels 0 and 20) are each other's nearest: swapping them in the labels file
   * makes their 6 images wrong at top-1 but right at top-5: top-1 = 24/30, top-5 = 30/30.
   */
  @Test
  void swappedNearestClassesInTheLabelsFile() throws Exception {
    assertEquals(1, GrayLevelModel.expectedRank(0, 1));
    assertEquals(1, GrayLevelModel.expectedRank(1, 0));
    var r =
        run(
                model,
                folderDataset(),
                DatasetLayout.FOLDER_PER_CLASS,
                labelsFile("swapped.txt", folders(1, 0, 2, 3, 4, 5, 6, 7, 8, 9)))
            .result();
    assertAll(
        () -> assertEquals(80.0, r.top1(), 1e-9),
        () -> assertEquals(100.0, r.top5(), 1e-9),
        () -> assertEquals(Stats.wilsonHalfWidth95(24, 30), r.top1Ci95(), 1e-12));
  }

  /**
   * The labels file in reverse order: folder k gets label 9 - k, never its own (top-1 0%). By hand
   * from the levels {0, 20, 50, 95, 130, 160, 185, 215, 232, 255}: only k = 4 (130, labelled as
   * 160: rank 1) and k = 5 (160, labelled as 130: rank 2) land in the top 5, so top-5 = 6/30 = 20%.
   */
  @Test
  void reversedLabelsFile() throws Exception {
    long hits = 0;
    for (int k = 0; k < K; k++) {
      hits += GrayLevelModel.expectedRank(k, K - 1 - k) < 5 ? 1 : 0;
    }
    assertEquals(2, hits, "hand count agrees with the distance ranking");
    var r =
        run(
                model,
                folderDataset(),
                DatasetLayout.FOLDER_PER_CLASS,
                labelsFile("reversed.txt", folders(9, 8, 7, 6, 5, 4, 3, 2, 1, 0)))
            .result();
    assertAll(() -> assertEquals(0.0, r.top1(), 1e-9), () -> assertEquals(20.0, r.top5(), 1e-9));
  }

  /** A Keras-style model taking N x H x W x C images gets them in that layout. */
  @Test
  void channelsLastModel() throws Exception {
    Path nhwc = GrayLevelModel.write(dir.resolve("gray10_nhwc.onnx"), K, SIZE, true);
    var r =
        run(
                nhwc,
                folderDataset(),
                DatasetLayout.FOLDER_PER_CLASS,
                labelsFile("swapped.txt", folders(1, 0, 2, 3, 4, 5, 6, 7, 8, 9)))
            .result();
    assertAll(() -> assertEquals(80.0, r.top1(), 1e-9), () -> assertEquals(100.0, r.top5(), 1e-9));
  }

  /**
   * Real awkward files generated here: each is decoded or skipped, counted, and the run goes on.
   */
  @Test
  void awkwardFilesAreDecodedOrSkippedAndCounted() throws Exception {
    Path data = folderDataset();
    TestImages.cmykJpeg(
        data.resolve("c9").resolve("cmyk.JPEG"), 30, 30, 255, 255, 255, 255); // no ink: white
    TestImages.grayscaleJpeg(
        data.resolve("c3").resolve("gray.JPEG"), 30, 30, GrayLevelModel.LEVELS[3]);
    TestImages.pngNamedJpeg(
        data.resolve("c5").resolve("png.JPEG"), 30, 30, GrayLevelModel.LEVELS[5]);
    TestImages.corruptJpeg(data.resolve("c0").resolve("corrupt.JPEG"));
    TestImages.bytes(data.resolve("c1").resolve("empty.jpg"), new byte[0]);
    TestImages.bytes(
        data.resolve("c2").resolve("notes.jpg"),
        "not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    TestImages.bytes(
        data.resolve("c2").resolve("README.txt"),
        "ignored: not an image name".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    var rep =
        run(
            model,
            data,
            DatasetLayout.FOLDER_PER_CLASS,
            labelsFile("labels.txt", folders(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    Map<String, String> byFile =
        rep.issues().stream()
            .collect(
                Collectors.toMap(
                    i -> i.file().getFileName().toString(),
                    i -> (i.skipped() ? "skipped: " : "decoded: ") + i.reason()));
    assertAll(
        () ->
            assertEquals(
                K * PER_CLASS + 3,
                rep.result().images(),
                "30 ordinary + CMYK + grayscale + PNG-in-JPEG"),
        () -> assertEquals(3, rep.result().skipped()),
        () -> assertEquals("decoded: CMYK JPEG", byFile.get("cmyk.JPEG")),
        () -> assertEquals("decoded: grayscale", byFile.get("gray.JPEG")),
        () -> assertEquals("decoded: PNG data in a .JPEG file", byFile.get("png.JPEG")),
        () ->
            assertTrue(
                byFile.get("corrupt.JPEG").startsWith("skipped: unreadable"),
                byFile.get("corrupt.JPEG")),
        () -> assertEquals("skipped: unreadable: empty file", byFile.get("empty.jpg")),
        () ->
            assertTrue(
                byFile.get("notes.jpg").startsWith("skipped: unreadable"), byFile.get("notes.jpg")),
        () -> assertEquals(6, rep.issues().size(), byFile.toString()),
        () ->
            assertEquals(
                100.0,
                rep.result().top1(),
                1e-9,
                "every decoded image classified by its gray level"));
  }
}
