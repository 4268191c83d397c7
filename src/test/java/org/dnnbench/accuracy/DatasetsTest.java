package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dataset layout, with labels checked against facts published outside dnnbench: the first
 * ILSVRC-2012 validation image is a sea snake, devkit ILSVRC2012_ID 490, WordNet n01751748, output
 * index 65 (Caffe's val.txt: {@code ILSVRC2012_val_00000001.JPEG 65}); devkit id 1 is the kit fox
 * n02119789, torchvision index 278; the first ten WordNet ids in sorted order are n01440764 (tench)
 * ... n01518878 (ostrich).
 */
class DatasetsTest {
  @TempDir Path dir;

  static final List<String> FIRST_TEN_WNIDS =
      List.of(
          "n01440764",
          "n01443537",
          "n01484850",
          "n01491361",
          "n01494475",
          "n01496331",
          "n01498041",
          "n01514668",
          "n01514859",
          "n01518878");

  @Test
  void classListFacts() {
    ImageNetClasses c = ImageNetClasses.standard();
    assertAll(
        () -> assertEquals(1000, c.size()),
        () -> assertEquals(65, c.indexOfDevkitId(490)),
        () -> assertEquals("n01751748", c.wnid(65)),
        () -> assertEquals(278, c.indexOfDevkitId(1)),
        () -> assertEquals("n02119789", c.wnid(278)),
        () -> assertTrue(c.name(278).startsWith("kit fox")),
        () ->
            assertEquals(
                FIRST_TEN_WNIDS,
                java.util.stream.IntStream.range(0, 10).mapToObj(c::wnid).toList()),
        () -> assertTrue(c.name(0).startsWith("tench")));
  }

  @Test
  void groundTruthFormatsAgreeOnTheFirstValidationImage() throws IOException {
    Path devkit =
        Files.writeString(dir.resolve("ILSVRC2012_validation_ground_truth.txt"), "490\n361\n");
    Path loc =
        Files.writeString(
            dir.resolve("LOC_val_solution.csv"),
            "ImageId,PredictionString\nILSVRC2012_val_00000001,n01751748 1 2 300 400 n01751748 5 6 7 8\n");
    Path caffe = Files.writeString(dir.resolve("val.txt"), "ILSVRC2012_val_00000001.JPEG 65\n");
    assertAll(
        () -> assertEquals(65, Datasets.readGroundTruth(devkit).get(1)),
        () -> assertEquals(65, Datasets.readGroundTruth(loc).get(1)),
        () -> assertEquals(65, Datasets.readGroundTruth(caffe).get(1)));
  }

  /** Writes gray-level images for classes 0..9 under their ImageNet names, in each layout. */
  Path wnidFolders() {
    Path data = dir.resolve("val");
    for (int k = 0; k < 10; k++) {
      TestImages.gray(
          data.resolve(FIRST_TEN_WNIDS.get(k)).resolve(FIRST_TEN_WNIDS.get(k) + "_" + k + ".JPEG"),
          48,
          36,
          GrayLevelModel.LEVELS[k]);
      TestImages.gray(
          data.resolve(FIRST_TEN_WNIDS.get(k)).resolve("x" + k + ".png"),
          36,
          48,
          GrayLevelModel.LEVELS[k]);
    }
    return data;
  }

  /** A flat folder: image i (1-based) is class (i - 1) % 10. */
  Path flatFolder() {
    Path data = dir.resolve("flat");
    for (int i = 1; i <= 20; i++) {
      TestImages.gray(
          data.resolve(String.format("ILSVRC2012_val_%08d.JPEG", i)),
          40,
          30,
          GrayLevelModel.LEVELS[(i - 1) % 10]);
    }
    return data;
  }

  AccuracyResult evaluate(Path data, DatasetLayout layout, Path labels) throws Exception {
    Path model = GrayLevelModel.write(dir.resolve("gray1000.onnx"), 1000, 16);
    var req =
        new AccuracyRequest(
            model.toString(),
            Optional.empty(),
            data,
            layout,
            Optional.ofNullable(labels),
            Optional.empty(),
            AccuracyEndToEndTest.unitScale(),
            OptionalInt.empty(),
            8,
            2,
            1,
            OptionalInt.empty());
    return AccuracyService.run(req, AccuracyListener.NONE).result();
  }

  @Test
  void wnidFoldersAreDetectedAndLabelled() throws Exception {
    Dataset d = Datasets.open(wnidFolders(), DatasetLayout.AUTO, Optional.empty());
    assertEquals(DatasetLayout.WNID_FOLDERS, d.layout());
    assertEquals(20, d.samples().size());
    assertEquals(1000, d.classes());
    AccuracyResult r = evaluate(d.root(), DatasetLayout.AUTO, null);
    assertAll(
        () -> assertEquals(20, r.images()),
        () -> assertEquals(100.0, r.top1(), 1e-9),
        () -> assertEquals(d.fingerprint(), r.datasetFingerprint()));
  }

  @Test
  void flatFolderWithDevkitGroundTruth() throws Exception {
    Path data = flatFolder();
    ImageNetClasses c = ImageNetClasses.standard();
    var lines = new ArrayList<String>();
    for (int i = 1; i <= 20; i++) {
      // the devkit numbers classes by ILSVRC2012_ID: find the id of output index (i - 1) % 10
      int want = (i - 1) % 10;
      int id =
          java.util.stream.IntStream.rangeClosed(1, 1000)
              .filter(x -> c.indexOfDevkitId(x) == want)
              .findFirst()
              .orElseThrow();
      lines.add(Integer.toString(id));
    }
    Files.write(
        dir.resolve("ILSVRC2012_validation_ground_truth.txt"), lines); // in the parent: found there
    assertEquals(
        DatasetLayout.IMAGENET_VAL,
        Datasets.open(data, DatasetLayout.AUTO, Optional.empty()).layout());
    AccuracyResult r = evaluate(data, DatasetLayout.AUTO, null);
    assertAll(() -> assertEquals(20, r.images()), () -> assertEquals(100.0, r.top1(), 1e-9));
  }

  @Test
  void flatFolderWithLocSolutionCsvPermuted() throws Exception {
    Path data = flatFolder();
    var lines = new ArrayList<String>(List.of("ImageId,PredictionString"));
    for (int i = 1; i <= 20; i++) {
      int k = (i - 1) % 10;
      // images of class 0 are labelled class 1 and vice versa: 4 of 20 wrong at top-1, right at
      // top-5
      int label = k == 0 ? 1 : k == 1 ? 0 : k;
      lines.add(String.format("ILSVRC2012_val_%08d,%s 10 10 20 20", i, FIRST_TEN_WNIDS.get(label)));
    }
    Path csv = Files.write(data.resolve("LOC_val_solution.csv"), lines);
    AccuracyResult r = evaluate(data, DatasetLayout.IMAGENET_VAL, csv);
    assertAll(() -> assertEquals(80.0, r.top1(), 1e-9), () -> assertEquals(100.0, r.top5(), 1e-9));
  }

  @Test
  void flatFolderWithCaffeValTxt() throws Exception {
    Path data = flatFolder();
    var lines = new ArrayList<String>();
    for (int i = 1; i <= 20; i++) {
      lines.add(String.format("ILSVRC2012_val_%08d.JPEG %d", i, (i - 1) % 10));
    }
    Files.write(data.resolve("val.txt"), lines);
    assertEquals(100.0, evaluate(data, DatasetLayout.AUTO, null).top1(), 1e-9);
  }

  @Test
  void folderPerClassWithoutLabelsUsesSortedFolders() throws IOException {
    Path data = dir.resolve("generic");
    for (String n : List.of("zebra", "ant", "moth")) {
      TestImages.gray(data.resolve(n).resolve("1.png"), 8, 8, 10);
    }
    Dataset d = Datasets.open(data, DatasetLayout.AUTO, Optional.empty());
    assertEquals(DatasetLayout.FOLDER_PER_CLASS, d.layout());
    assertEquals(
        List.of(0, 1, 2), d.samples().stream().map(Sample::label).toList(), "ant, moth, zebra");
  }

  @Test
  void limitSpreadsOverEveryClass() {
    Dataset d = Datasets.open(wnidFolders(), DatasetLayout.AUTO, Optional.empty());
    Dataset ten = d.limit(10);
    assertEquals(10, ten.samples().size());
    assertEquals(
        10,
        ten.samples().stream().map(Sample::label).distinct().count(),
        "one image of each of the 10 classes");
    assertNotEquals(d.fingerprint(), ten.fingerprint());
    assertEquals(d, d.limit(20));
  }

  @Test
  void fingerprintChangesWithLabels() throws IOException {
    Path data = dir.resolve("generic");
    for (String n : List.of("a", "b")) {
      TestImages.gray(data.resolve(n).resolve("1.png"), 8, 8, 10);
    }
    Path ab = Files.write(dir.resolve("ab.txt"), List.of("a", "b"));
    Path ba = Files.write(dir.resolve("ba.txt"), List.of("b", "a"));
    assertNotEquals(
        Datasets.open(data, DatasetLayout.FOLDER_PER_CLASS, Optional.of(ab)).fingerprint(),
        Datasets.open(data, DatasetLayout.FOLDER_PER_CLASS, Optional.of(ba)).fingerprint());
  }

  @Test
  void errorsNameTheWayOut() throws IOException {
    Path data = flatFolder();
    var noGt =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.open(data, DatasetLayout.AUTO, Optional.empty()));
    assertTrue(
        noGt.getMessage().contains("ILSVRC2012_validation_ground_truth.txt")
            && noGt.getMessage().contains("--labels"),
        noGt.getMessage());
    Path generic = dir.resolve("generic");
    TestImages.gray(generic.resolve("cats").resolve("1.png"), 8, 8, 10);
    Path labels = Files.write(dir.resolve("l.txt"), List.of("dogs"));
    var unlisted =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.open(generic, DatasetLayout.FOLDER_PER_CLASS, Optional.of(labels)));
    assertTrue(unlisted.getMessage().contains("'cats'"), unlisted.getMessage());
    var empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.open(dir.resolve("nothing-here"), DatasetLayout.AUTO, Optional.empty()));
    assertTrue(empty.getMessage().contains("does not exist"), empty.getMessage());
    var layout =
        assertThrows(IllegalArgumentException.class, () -> DatasetLayout.byId("imagefolder"));
    assertTrue(layout.getMessage().contains("wnid-folders"), layout.getMessage());
  }
}
