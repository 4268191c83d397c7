package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.QdqQuantizerTestModels;
import org.dnnbench.results.CaseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child's command line stays short: ONNX Runtime 1.29 reads {@code /proc/self/cmdline} when its
 * environment is created and dies of SIGSEGV when it is longer than about 4 KB.
 */
class ChildCommandLineTest {
  @Test
  void theCommandLineHoldsNeitherTheClassPathNorTheSpec() {
    var cmd = new ChildLauncher().command(new ChildLauncher.Limits(256, 0, 60));
    int length = cmd.stream().mapToInt(String::length).sum() + cmd.size();
    String cp = System.getProperty("java.class.path");
    assertAll(
        () -> assertTrue(length < 1024, "command line of " + length + " chars: " + cmd),
        () -> assertEquals(ChildLauncher.SPEC_ON_STDIN, cmd.get(cmd.size() - 1)),
        () -> assertFalse(cmd.contains("-cp"), cmd::toString),
        () -> assertTrue(cp.length() > 0 && cmd.stream().noneMatch(a -> a.contains(cp))));
  }

  @Test
  void aCaseWhoseSpecIsLongerThan4KbRuns(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tiny.onnx");
    Files.write(model, OnnxExporter.export(QdqQuantizerTestModels.cnn(), 7).toByteArray());
    // before the spec went to standard input, a spec this long crashed the child in ORT's
    // environment creation (killed by signal 11, no hs_err file)
    String label = "x".repeat(5000);
    var spec =
        new CaseSpec.ModelCase(
            model.toString(), label, 1, 0, 3, 0, new CaseSpec.Settings(1, "cpu", "all", 1));
    var o = new ChildLauncher().launch(spec, new ChildLauncher.Limits(256, 0, 120));
    assertEquals(CaseStatus.OK, o.status(), o.detail());
  }
}
