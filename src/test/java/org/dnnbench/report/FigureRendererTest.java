package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every figure renders from the fixed result set as a valid, non-trivial PNG and SVG. */
class FigureRendererTest {
  @TempDir static Path dir;
  static List<Figure> figures;
  static ReportData data;

  @BeforeAll
  static void render() {
    data = ReportFixtures.twoMachines();
    figures = new FigureRenderer(dir).renderAll(data);
    String keep = System.getProperty("dnnbench.figdir");
    if (keep != null) {
      // to look at the figures: mvn test -Dtest=FigureRendererTest -Ddnnbench.figdir=/tmp/figs
      new FigureRenderer(Path.of(keep)).renderAll(data);
    }
  }

  @Test
  void twoMachineIndependentFiguresAndFourPerMachine() {
    assertEquals(2 + 4 * 2, figures.size());
    assertEquals(
        List.of(FigureRenderer.ACCURACY_VS_MACS, FigureRenderer.DENSITY),
        figures.subList(0, 2).stream().map(Figure::id).toList());
    assertEquals(10, figures.stream().map(Figure::anchor).distinct().count());
  }

  @Test
  void everyPngIsAValidImageOfTheStatedSize() throws Exception {
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (Figure f : figures) {
      byte[] bytes = Files.readAllBytes(f.png());
      var img = ImageIO.read(f.png().toFile());
      assertAll(
          f.png().toString(),
          () -> assertArrayEquals(magic, Arrays.copyOf(bytes, 8)),
          () ->
              assertTrue(bytes.length > 20_000, "non-trivial PNG, got " + bytes.length + " bytes"),
          () -> assertNotNull(img),
          () -> assertEquals(FigureRenderer.WIDTH, img.getWidth()),
          () -> assertEquals(FigureRenderer.HEIGHT, img.getHeight()));
    }
  }

  @Test
  void everySvgParsesAndNamesEveryModelItShows() throws Exception {
    var dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (Figure f : figures) {
      String svg = Files.readString(f.svg(), StandardCharsets.UTF_8);
      var doc = dbf.newDocumentBuilder().parse(f.svg().toFile());
      assertEquals(
          "svg",
          doc.getDocumentElement().getLocalName() == null
              ? doc.getDocumentElement().getTagName()
              : doc.getDocumentElement().getLocalName());
      assertTrue(svg.length() > 10_000, f.svg() + " is non-trivial");
      // every fixture model is measured at batch 1 on both machines and has an accuracy
      for (var m : data.models()) {
        assertTrue(
            svg.contains(">" + m.name() + "<"), f.svg().getFileName() + " names " + m.name());
      }
    }
  }

  @Test
  void hoverDetailsForEveryPoint() {
    var fps =
        figures.stream()
            .filter(
                f ->
                    f.id().equals(FigureRenderer.ACCURACY_VS_FPS)
                        && f.machine().equals("workstation"))
            .findFirst()
            .orElseThrow();
    assertTrue(fps.imageMap().contains("<map"), fps.imageMap());
    for (var m : data.models()) {
      assertTrue(
          fps.imageMap().contains("title=\"" + m.name() + ":"), "hover text for " + m.name());
    }
  }

  @Test
  void axesAndThresholdsAreLabelled() throws Exception {
    var fps =
        figures.stream()
            .filter(f -> f.id().equals(FigureRenderer.ACCURACY_VS_FPS))
            .findFirst()
            .orElseThrow();
    String svg = Files.readString(fps.svg(), StandardCharsets.UTF_8);
    var size =
        figures.stream()
            .filter(f -> f.id().equals(FigureRenderer.MEMORY_VS_SIZE))
            .findFirst()
            .orElseThrow();
    String sizeSvg = Files.readString(size.svg(), StandardCharsets.UTF_8);
    assertAll(
        () ->
            assertTrue(
                svg.contains("15 images/s")
                    && svg.contains("30 images/s")
                    && svg.contains("60 images/s")),
        () -> assertTrue(svg.contains("images per second at batch 1 (log scale)")),
        () -> assertTrue(svg.contains("Pareto front")),
        () -> assertTrue(sizeSvg.contains("memory = "), "the fitted line's equation is shown"));
  }
}
