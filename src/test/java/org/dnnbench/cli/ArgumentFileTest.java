package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.QdqQuantizerTestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long argument lists go through an argument file, one argument per line, because ONNX Runtime
 * crashes a process whose command line is over about 4 KB.
 */
class ArgumentFileTest {
  @Test
  void anArgumentFileHoldsOneArgumentPerLineSpacesIncluded(@TempDir Path dir) throws Exception {
    Path model = Files.createDirectories(dir.resolve("my models")).resolve("tiny cnn.onnx");
    Files.write(model, OnnxExporter.export(QdqQuantizerTestModels.cnn(), 7).toByteArray());
    Path args = dir.resolve("args");
    Files.write(args, List.of("analyze", model.toString(), "--format", "csv"));
    var r = CliRunner.run("@" + args);
    assertAll(
        () -> assertEquals(0, r.code(), r.err()),
        () -> assertTrue(r.out().lines().anyMatch(l -> l.startsWith("\"tiny cnn\",")), r.out()));
  }

  @Test
  void aCommandLineTooLongForOnnxRuntimeIsRefusedWithWhatToDo() {
    assertAll(
        () -> assertTrue(Main.commandLineBytes() > 0, "this JVM's own /proc/self/cmdline"),
        () ->
            assertEquals(
                "error: the command line is 4328 bytes, over the 3800 that ONNX Runtime survives"
                    + " (longer ones crash it); put the arguments in a file, one per line, and pass"
                    + " @FILE instead (./dnnbench does so by itself)",
                Main.tooLong(4328)));
  }
}
