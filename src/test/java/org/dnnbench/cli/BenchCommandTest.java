package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Black-box tests of {@code dnnbench bench} and {@code dnnbench export}: exit codes and output. */
class BenchCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bench no_such_model --no-peak|unknown model 'no_such_model'; valid: ",
        "bench alexnet --batch 0 --no-peak|batch sizes must be >= 1, got '0'",
        "bench alexnet --batch x --no-peak|batch sizes must be whole numbers >= 1",
        "bench alexnet --provider tpu --no-peak|unknown execution provider 'tpu'; valid: cpu, cuda",
        "bench alexnet --optimization max --no-peak|unknown optimization level 'max'; valid: none, basic, extended, all",
        "bench alexnet --runs 0 --no-peak|must be a whole number >= 1, got '0'",
        "export no_such_model -o x.onnx|unknown model 'no_such_model'",
        "bench squeezenet1_1 --threads 100000 --no-peak|error: --threads must be between 1 and ",
        "bench squeezenet1_1 --threads 0 --no-peak|must be a whole number >= 1, got '0'",
        "bench squeezenet1_1 --child-heap-mb 256 --child-memory-mb 600 --no-peak|error: --child-memory-mb 600 is below the minimum of 768 MB for a child with --child-heap-mb 256",
      })
  void badInputIsOneLineAndExitTwo(String args, String message) {
    Result r = run(args.split(" "));
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code(), r.err()),
        () -> assertTrue(r.err().contains(message), r.err()),
        () -> assertEquals("", r.out()));
  }

  @Test
  void aHundredThousandThreadsAreRefusedAtOnceWithTheReason() {
    long t0 = System.nanoTime();
    Result r = run("bench", "squeezenet1_1", "--threads", "100000", "--no-peak");
    double s = (System.nanoTime() - t0) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code()),
        () ->
            assertEquals(
                "error: --threads must be between 1 and "
                    + 4 * cores
                    + " (4 x the "
                    + cores
                    + " logical cores: more threads only contend for the same cores), got 100000",
                r.err().strip()),
        // refused while parsing: no child, no export (a hung child used to take 1800 s)
        () -> assertTrue(s < 5, "refused in " + s + " s"));
  }

  @Test
  void helpStatesTheValidityRuleAndQuantileMethod() {
    Result r = run("bench", "--help");
    String help = r.out().replaceAll("\\s+", " ");
    assertAll(
        () -> assertEquals(0, r.code()),
        () -> assertTrue(help.contains("median's 95% interval is within --ci-target"), help),
        () -> assertTrue(help.contains("(default: 0.03, i.e. ±3%)"), help),
        () -> assertTrue(help.contains("up to --attempts times"), help),
        () -> assertTrue(help.contains("linear interpolation, type 7"), help));
  }

  /** The exported file holds alexnet's 61,100,840 fp32 parameters (torchvision's count). */
  @Test
  void exportWritesTheWeights(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("alexnet.onnx");
    Result r = run("export", "alexnet", "-o", f.toString());
    assertEquals(0, r.code(), r.err());
    long bytes = Files.size(f);
    long weights = 61_100_840L * 4;
    assertTrue(bytes >= weights && bytes < weights + 100_000, "file of " + bytes + " bytes");
    assertTrue(r.out().contains("wrote"), r.out());
  }
}
