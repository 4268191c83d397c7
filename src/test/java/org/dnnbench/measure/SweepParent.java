package org.dnnbench.measure;

import java.nio.file.Path;
import java.util.List;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;

/**
 * A dnnbench sweep in a process of its own, for tests that kill it: benchmarks the {@link
 * FaultyChild} model files named by its arguments and prints {@code case STATUS DETAIL} for each
 * case as the sweep records it.
 */
public final class SweepParent {
  private SweepParent() {}

  public static void main(String[] args) {
    var request =
        new BenchRequest(
            List.of(args),
            List.of(1),
            0,
            1,
            0,
            new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL),
            42,
            new Trust(0.5, 2, 1.0, 1),
            new ChildLauncher.Limits(32, 0, 600),
            false,
            Path.of(System.getProperty("java.io.tmpdir"), "dnnbench-sweep-parent-cache"),
            "");
    new BenchService(new ChildLauncher(FaultyChild.class.getName()))
        .run(
            request,
            ProgressListener.onCase(
                r -> {
                  System.out.println("case " + r.status().id() + " " + r.detail());
                  System.out.flush();
                }));
  }
}
