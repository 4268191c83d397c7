package org.dnnbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Shape;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The CUDA provider attaches and runs a model, on a machine with an NVIDIA GPU and dnnbench built
 * with ONNX Runtime's GPU build: {@code mvn -Pgpu test -Ddnnbench.gpu=true
 * -Dtest=CudaProviderTest}. Skipped, with that reason, everywhere else.
 */
@EnabledIfSystemProperty(
    named = "dnnbench.gpu",
    matches = "true",
    disabledReason = "needs a GPU and the GPU build: mvn -Pgpu test -Ddnnbench.gpu=true")
class CudaProviderTest {
  @Test
  void cudaAttachesAndRuns() {
    var g = new GraphBuilder("relu", Shape.of(4));
    byte[] model = OnnxExporter.toBytes(g.build(g.relu("r", g.input())), 1);
    try (InferenceEngine engine = Engines.create()) {
      assertTrue(
          engine.availableProviders().contains(ExecutionProvider.CUDA.id()),
          "providers: " + engine.availableProviders());
      var options = EngineOptions.defaults().withThreads(1).withProvider(ExecutionProvider.CUDA);
      try (Session s = engine.open(model, "relu", options);
          InputTensor in = s.input(new float[] {-1, 2, -3, 4}, 1)) {
        assertArrayEquals(new float[] {0, 2, 0, 4}, s.runValues(in));
      }
    }
  }
}
