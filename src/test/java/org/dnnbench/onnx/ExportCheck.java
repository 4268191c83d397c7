package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dnnbench.graph.ModelGraph;

/**
 * Exports a graph, runs it in ONNX Runtime at batch 1 on a random input with every node's tensor as
 * an extra output, and checks each node's actual shape against dnnbench's shape inference.
 */
final class ExportCheck {
  private ExportCheck() {}

  /** The model output's values, after the shapes of every node were checked. */
  static float[] runAndCheckShapes(ModelGraph graph) throws OrtException {
    OnnxMl.ModelProto proto = OnnxExporter.export(graph, OnnxExporter.DEFAULT_SEED);
    var withAll = proto.toBuilder();
    withAll.getGraphBuilder().addAllOutput(proto.getGraph().getValueInfoList());
    byte[] bytes = withAll.build().toByteArray();
    proto = null; // let the weights go before ONNX Runtime copies them
    var env = OrtEnvironment.getEnvironment();
    try (var so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(2);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (var session = env.createSession(bytes, so)) {
        bytes = null;
        long[] inShape = graph.inputShape().withBatch(1);
        float[] x = new float[(int) graph.inputShape().elements()];
        var rnd = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        String inputName = session.getInputNames().iterator().next();
        var outputNames = new ArrayList<>(session.getOutputNames());
        try (var input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), inShape);
            var result = session.run(Map.of(inputName, input))) {
          var wrongShapes = new ArrayList<String>();
          for (int i = 0; i < outputNames.size(); i++) {
            String name = outputNames.get(i);
            long[] actual = ((OnnxTensor) result.get(i)).getInfo().getShape();
            long[] expected = graph.node(name).outputShape().withBatch(1);
            if (!Arrays.equals(expected, actual)) {
              wrongShapes.add(
                  name
                      + ": onnxruntime "
                      + Arrays.toString(actual)
                      + ", dnnbench "
                      + Arrays.toString(expected));
            }
          }
          assertEquals(
              graph.nodes().size() - 1, outputNames.size(), "every node but the input is checked");
          assertEquals(List.of(), wrongShapes, "node output shapes");
          assertEquals(graph.output().name(), outputNames.get(0));
          FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
          float[] y = new float[fb.remaining()];
          fb.get(y);
          return y;
        }
      }
    }
  }
}
