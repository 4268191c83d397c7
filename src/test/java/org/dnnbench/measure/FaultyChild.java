package org.dnnbench.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.Memory;

/**
 * A stand-in for {@link CaseMain} that fails on purpose, as its model file's name says: {@code
 * crash} (SIGSEGV sent to itself), {@code oom} (fills the Java heap, uncaught), {@code hang}
 * (sleeps past any timeout), {@code error} (exits 3 with a message), {@code silent} (exits 0
 * without a result), {@code ok} (reports three runs of 10, 11 and 12 ms).
 */
public final class FaultyChild {
  private FaultyChild() {}

  public static void main(String[] args) throws Exception {
    ParentWatchdog.start();
    var spec = (CaseSpec.ModelCase) ChildLauncher.readSpec(args);
    String mode = Path.of(spec.modelPath()).getFileName().toString().replace(".onnx", "");
    switch (mode) {
      case "crash" -> {
        new ProcessBuilder("kill", "-SEGV", Long.toString(ProcessHandle.current().pid()))
            .start()
            .waitFor();
        Thread.sleep(30_000);
      }
      case "oom" -> {
        List<long[]> hog = new ArrayList<>();
        while (true) {
          hog.add(new long[1 << 20]);
        }
      }
      case "hang" -> Thread.sleep(120_000);
      case "error" -> {
        System.err.println("something went wrong");
        System.exit(3);
      }
      case "silent" -> System.exit(0);
      default -> {
        var r =
            new ChildReport(
                "ok",
                "",
                new ChildReport.Runs(
                    5,
                    20,
                    1,
                    List.of(10.0, 10.1, 10.0, 10.2, 10.1, 10.0, 10.1, 10.0, 10.1, 10.0),
                    false),
                new Memory(80, 50, 10, Double.NaN),
                1e9,
                true,
                "test",
                Double.NaN,
                null);
        System.out.println(ChildReport.MARKER + new ObjectMapper().writeValueAsString(r));
      }
    }
  }
}
