package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.dnnbench.cli.Main;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code dnnbench analyze FILE} (the real command line, in-process) with mutants of valid
 * ONNX files made by dnnbench's exporter and by PyTorch ({@link OnnxMutator}, fixed seed). Every
 * mutant must end within 20 s with exit 0 or one {@code error:} line that shows no internal
 * exception: no stack trace, no hang, no crash. A small sample runs in the default suite, the full
 * corpus (600 mutants) with {@code mvn -Pslow test -Dtest=OnnxFuzzTest}; the counts are printed and
 * written to {@code target/onnx-fuzz-summary.txt}.
 */
class OnnxFuzzTest {
  static final long SEED = 20261201L;
  static final int LIMIT_SECONDS = 20;

  /** What an internal exception looks like when it leaks into a message. */
  private static final Pattern INTERNAL =
      Pattern.compile(
          "\\tat |Exception|Error:|out of bounds|/ by zero|got 0\\b|error: -?\\d+$|"
              + "\\bnull\\b|OutOfMemory|StackOverflow|NegativeArraySize");

  private static List<OnnxMutator.Mutant> javaSeeds() {
    return List.of(
        new OnnxMutator.Mutant(
            "every_op",
            OnnxExporter.toBytes(OnnxImporterTest.everyOp(), OnnxExporter.DEFAULT_SEED)),
        new OnnxMutator.Mutant(
            "squeezenet1_1",
            OnnxExporter.toBytes(
                Catalog.standard().build("squeezenet1_1"), OnnxExporter.DEFAULT_SEED)));
  }

  private static List<OnnxMutator.Mutant> torchSeeds(String... torchvision) throws IOException {
    TorchExports.assumeTorch();
    Path dir = TorchExports.dir().resolve("fuzz-seeds");
    var args = new ArrayList<String>(List.of("tools/onnx_fuzz_seed.py", dir.toString()));
    args.addAll(List.of(torchvision));
    TorchExports.runOrFail(600, args.toArray(String[]::new));
    var seeds = new ArrayList<OnnxMutator.Mutant>();
    seeds.add(
        new OnnxMutator.Mutant("torch_small", Files.readAllBytes(dir.resolve("torch_small.onnx"))));
    for (String m : torchvision) {
      seeds.add(new OnnxMutator.Mutant(m, Files.readAllBytes(dir.resolve(m + ".onnx"))));
    }
    return seeds;
  }

  @Test
  void sampleOfExporterMutants() throws Exception {
    fuzz(javaSeeds(), 40, "sample-exporter");
  }

  @Test
  void sampleOfPyTorchMutants() throws Exception {
    fuzz(torchSeeds(), 30, "sample-torch");
  }

  @Test
  @Tag("slow")
  void fullCorpus() throws Exception {
    var seeds = new ArrayList<>(javaSeeds());
    seeds.addAll(torchSeeds("squeezenet1_1", "mobilenet_v2", "shufflenet_v2_x0_5"));
    fuzz(seeds, 600, "full");
  }

  private static void fuzz(List<OnnxMutator.Mutant> seeds, int count, String label)
      throws IOException, InterruptedException {
    var mutator = new OnnxMutator(SEED);
    Path dir = Files.createDirectories(Path.of("target", "onnx-fuzz", label));
    Map<String, Integer> counts = new TreeMap<>();
    var bad = new ArrayList<String>();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fuzz");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        OnnxMutator.Mutant m = mutator.next(seeds, i);
        Path f = dir.resolve(m.name() + ".onnx");
        Files.write(f, m.bytes());
        // the mutant being run, so that a crash of the whole JVM still names it
        Files.writeString(dir.resolve("running.txt"), m.name() + "\n");
        String outcome = analyze(pool, f);
        counts.merge(outcome.startsWith("ok") ? outcome : outcome.split(":")[0], 1, Integer::sum);
        if (!outcome.equals("ok-analyzed") && !outcome.equals("ok-refused")) {
          bad.add(m.name() + " -> " + outcome);
        } else {
          Files.delete(f);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    String summary =
        String.format(
            "ONNX fuzz %s: %d mutants of %d seeds (seed %d) in %.0f s: %s%s",
            label,
            count,
            seeds.size(),
            SEED,
            (System.nanoTime() - start) / 1e9,
            counts,
            bad.isEmpty() ? "" : "\n  " + String.join("\n  ", bad));
    System.out.println(summary);
    Files.writeString(Path.of("target", "onnx-fuzz-summary-" + label + ".txt"), summary + "\n");
    assertEquals(List.of(), bad, summary);
  }

  /** ok-analyzed, ok-refused, or what went wrong: stack-trace, hang, crash. */
  private static String analyze(ExecutorService pool, Path f) throws InterruptedException {
    var out = new StringWriter();
    var err = new StringWriter();
    Future<Integer> run =
        pool.submit(
            () ->
                Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute("analyze", f.toString()));
    int code;
    try {
      code = run.get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      return "hang: over " + LIMIT_SECONDS + " s";
    } catch (java.util.concurrent.ExecutionException e) {
      return "crash: " + e.getCause();
    }
    String e = err.toString().strip();
    if (code == 0) {
      return e.isEmpty() ? "ok-analyzed" : "stack-trace: exit 0 with " + e;
    }
    if ((code == 1 || code == 2)
        && e.startsWith("error: ")
        && !e.contains("\n")
        && !INTERNAL.matcher(e).find()) {
      return "ok-refused";
    }
    return "stack-trace: exit " + code + ": " + e;
  }
}
