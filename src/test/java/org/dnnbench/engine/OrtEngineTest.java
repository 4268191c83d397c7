package org.dnnbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Shape;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime engine: errors a user can act on, deterministic closing. */
class OrtEngineTest {
  private static final OrtEngine ENGINE = new OrtEngine();
  private static final EngineOptions ONE_THREAD = EngineOptions.defaults().withThreads(1);

  private static byte[] reluModel() {
    var g = new GraphBuilder("relu", Shape.of(4));
    return OnnxExporter.toBytes(g.build(g.relu("r", g.input())), 1);
  }

  @Test
  void malformedBytesNameTheFile() {
    var e =
        assertThrows(
            EngineException.class,
            () ->
                ENGINE.open(
                    "not an onnx model".getBytes(StandardCharsets.UTF_8), "junk.onnx", ONE_THREAD));
    assertEquals(EngineException.Kind.MALFORMED_MODEL, e.kind());
    assertTrue(e.getMessage().startsWith("malformed ONNX file 'junk.onnx'"), e.getMessage());
  }

  @Test
  void unavailableProviderListsTheAvailableOnes() {
    Assumptions.assumeFalse(
        ENGINE.availableProviders().contains("cuda"),
        "CUDA is available here (GPU build on a GPU): CudaProviderTest checks it instead");
    var e =
        assertThrows(
            EngineException.class,
            () ->
                ENGINE.open(reluModel(), "relu", ONE_THREAD.withProvider(ExecutionProvider.CUDA)));
    assertEquals(EngineException.Kind.PROVIDER_UNAVAILABLE, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "execution provider 'cuda' not available; available: "
                    + ENGINE.availableProviders()),
        e.getMessage());
  }

  @Test
  void runsReadsAndClosesTwiceSafely() {
    Session s = ENGINE.open(reluModel(), "relu", ONE_THREAD);
    InputTensor in = s.input(new float[] {-1, 2, -3, 4, 5, -6, 7, -8}, 2);
    assertArrayEquals(new long[] {-1, 4}, s.inputShape());
    assertArrayEquals(new float[] {0, 2, 0, 4, 5, 0, 7, 0}, s.runValues(in));
    RunOutput o = s.run(in);
    assertEquals(new RunOutput(8, 18, true), o);
    assertEquals("relu", s.metadata().get(OnnxExporter.KEY_MODEL));
    in.close();
    assertDoesNotThrow(in::close);
    assertThrows(IllegalStateException.class, () -> s.run(in));
    s.close();
    assertDoesNotThrow(s::close);
    assertThrows(IllegalStateException.class, () -> s.randomInput(1, 1).close());
  }
}
