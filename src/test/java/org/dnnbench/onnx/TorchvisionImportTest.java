package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision 0.14's classification models exported by Debian's PyTorch at test time ({@code
 * tools/torchvision_onnx.py}, opset 17, batch norm kept with {@code TrainingMode.PRESERVE}) import
 * with PyTorch's exact parameter count and MACs within 0.5% of an independent dispatch-level count
 * of every matrix product ({@code torchvision-dispatch-macs.csv}, written by {@code
 * tools/torch_dispatch_macs.py}); the eval-mode export (batch norm folded into the convolutions)
 * gives the same MACs. A few small models run in the default suite, all of them with {@code
 * -Pslow}.
 */
class TorchvisionImportTest {
  /** Small models for the default suite: a few seconds each to export and import. */
  static final String[] SMALL = {
    "mobilenet_v3_small", "squeezenet1_1", "shufflenet_v2_x0_5", "regnet_y_400mf", "mnasnet0_5"
  };

  record Ref(long params, long macs) {}

  static Map<String, Ref> reference() throws IOException {
    var refs = new LinkedHashMap<String, Ref>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                TorchvisionImportTest.class.getResourceAsStream(
                    "/org/dnnbench/zoo/torchvision-dispatch-macs.csv"),
                StandardCharsets.UTF_8))) {
      String[] head = in.readLine().split(",");
      int id = indexOf(head, "id");
      int params = indexOf(head, "params");
      int macs = indexOf(head, "macs");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        refs.put(f[id], new Ref(Long.parseLong(f[params]), Long.parseLong(f[macs])));
      }
    }
    return refs;
  }

  private static int indexOf(String[] head, String name) {
    for (int i = 0; i < head.length; i++) {
      if (head[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  static Stream<String> small() {
    return Stream.of(SMALL);
  }

  /**
   * Every model of the fixture, or those named by {@code -Ddnnbench.torchvision=a,b} (to finish a
   * long {@code -Pslow} run where it stopped).
   */
  static Stream<String> all() throws IOException {
    String only = System.getProperty("dnnbench.torchvision", "");
    if (only.isBlank()) {
      return reference().keySet().stream();
    }
    var names = Stream.of(only.split(",")).map(String::strip).toList();
    var known = reference().keySet();
    var unknown = names.stream().filter(n -> !known.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "-Ddnnbench.torchvision: not in torchvision-dispatch-macs.csv: " + unknown);
    }
    return names.stream();
  }

  static Path export(String model, String mode) throws IOException {
    TorchExports.assumeTorch();
    Path dir = TorchExports.dir().resolve("torchvision");
    TorchExports.runOrFail(1200, "tools/torchvision_onnx.py", dir.toString(), mode, model);
    return dir.resolve(model + "." + mode + ".onnx");
  }

  static void check(String model) throws IOException {
    Ref ref = reference().get(model);
    assertNotNull(ref, model + " has no row in torchvision-dispatch-macs.csv");
    ModelAnalysis a = Analyzer.analyze(OnnxImporter.read(export(model, "preserve")));
    ModelAnalysis e = Analyzer.analyze(OnnxImporter.read(export(model, "eval")));
    // one line per model as it finishes, so that a long -Pslow run shows where it stands
    System.out.printf(
        java.util.Locale.ROOT,
        "torchvision %s: params %d (torch %d), MACs %.0f (dispatch %d, %+.3f%%), eval MACs %.0f%n",
        model,
        a.params(),
        ref.params(),
        a.macs(),
        ref.macs(),
        100.0 * (a.macs() - ref.macs()) / ref.macs(),
        e.macs());
    assertAll(
        () -> assertEquals(ref.params(), a.params(), model + " params"),
        () ->
            assertTrue(
                Math.abs(a.macs() - ref.macs()) <= 0.005 * ref.macs(),
                model + " MACs " + a.macs() + " vs dispatch-level " + ref.macs()),
        () -> assertEquals(a.macs(), e.macs(), model + " MACs of the eval export"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("small")
  void smallModelImportsExactly(String model) throws IOException {
    check(model);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  @Tag("slow")
  void everyModelImportsExactly(String model) throws IOException {
    check(model);
  }
}
