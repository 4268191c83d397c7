package org.dnnbench.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's PyTorch ({@code /usr/bin/python3} with python3-torch and python3-torchvision) at
 * test time to make ONNX files into {@code target/}; a test that needs it is skipped with the
 * reason when it is missing.
 */
final class TorchExports {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static Boolean available;

  private TorchExports() {}

  /** Skips the calling test, with the reason, when torch and torchvision cannot be imported. */
  static synchronized void assumeTorch() {
    if (available == null) {
      available = run(List.of("-c", "import torch, torchvision, onnx"), 120).isEmpty();
    }
    Assumptions.assumeTrue(
        available,
        "needs /usr/bin/python3 with python3-torch, python3-torchvision and python3-onnx"
            + " (apt-get install python3-torch python3-torchvision python3-onnx)");
  }

  /**
   * Runs {@code script} with {@code args}; an error message, or empty on success. Output goes to a
   * log next to the outputs.
   */
  static String run(List<String> args, int timeoutSeconds) {
    var cmd = new ArrayList<String>();
    cmd.add(PYTHON.toString());
    cmd.addAll(args);
    try {
      Path log = Files.createTempFile("torch-export", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out after " + timeoutSeconds + " s: " + cmd;
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + cmd + "\n" + out;
    } catch (IOException e) {
      return "cannot run " + cmd + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Runs a script that must succeed (after {@link #assumeTorch}); fails the test otherwise. */
  static void runOrFail(int timeoutSeconds, String... args) {
    String err = run(List.of(args), timeoutSeconds);
    if (!err.isEmpty()) {
      throw new AssertionError("python failed: " + err);
    }
  }

  /** {@code target/torch-onnx}, the directory for exported files. */
  static Path dir() throws IOException {
    return Files.createDirectories(Path.of("target", "torch-onnx"));
  }
}
