package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;

/**
 * Exports a graph, runs it in ONNX Runtime on random inputs with every node's tensor as an extra
 * output, and checks each node's actual shape against dnnbench's shape inference. Float inputs are
 * uniform in [-1, 1], integer inputs uniform in [0, 10). A tensor computed from constants alone has
 * a batch of 1.
 */
final class ExportCheck {
  private ExportCheck() {}

  /** The model output's values at batch 1, after the shapes of every node were checked. */
  static float[] runAndCheckShapes(ModelGraph graph) throws OrtException {
    return runAndCheckShapes(graph, 1);
  }

  /** The model output's values at {@code batch}, after the shapes of every node were checked. */
  static float[] runAndCheckShapes(ModelGraph graph, int batch) throws OrtException {
    OnnxMl.ModelProto proto = OnnxExporter.export(graph, OnnxExporter.DEFAULT_SEED);
    byte[][] bytes = {withEveryNodeAsOutput(proto).toByteArray()};
    proto = null; // let the weights go before ONNX Runtime copies them
    return check(
        graph,
        batch,
        (env, so) -> {
          var session = env.createSession(bytes[0], so);
          bytes[0] = null; // and the serialized copy once it has
          return session;
        });
  }

  /**
   * As {@link #runAndCheckShapes(ModelGraph, int)}, the model written to {@code dir} with its
   * weights in ONNX external data (the side file beside it) and loaded by path.
   */
  static float[] runAndCheckShapesExternal(ModelGraph graph, int batch, Path dir)
      throws OrtException {
    Path file = dir.resolve(graph.name() + ".onnx");
    OnnxMl.ModelProto proto;
    try (var side = new ExternalData(OnnxExporter.externalDataFile(file))) {
      proto = ModelAssembly.assemble(graph, OnnxExporter.DEFAULT_SEED, side);
    }
    try (var out = Files.newOutputStream(file)) {
      withEveryNodeAsOutput(proto).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return check(graph, batch, (env, so) -> env.createSession(file.toString(), so));
  }

  private static OnnxMl.ModelProto withEveryNodeAsOutput(OnnxMl.ModelProto proto) {
    var withAll = proto.toBuilder();
    withAll.getGraphBuilder().addAllOutput(proto.getGraph().getValueInfoList());
    return withAll.build();
  }

  private interface SessionMaker {
    OrtSession open(OrtEnvironment env, OrtSession.SessionOptions so) throws OrtException;
  }

  private static float[] check(ModelGraph graph, int batch, SessionMaker sessions)
      throws OrtException {
    Set<String> batchless = new HashSet<>();
    for (Node n : graph.nodes()) {
      if (n.op() instanceof Constant
          || (!(n.op() instanceof Input) && batchless.containsAll(n.inputs()))) {
        batchless.add(n.name());
      }
    }
    var env = OrtEnvironment.getEnvironment();
    try (var so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(2);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (var session = sessions.open(env, so)) {
        var rnd = new SplittableRandom(7);
        var feeds = new LinkedHashMap<String, OnnxTensor>();
        try {
          for (Node in : graph.inputs()) {
            long[] shape = in.outputShape().withBatch(batch);
            int count = (int) (in.outputShape().elements() * batch);
            ElementType type = ((Input) in.op()).elementType();
            if (type == ElementType.INT64) {
              long[] v = new long[count];
              for (int i = 0; i < count; i++) {
                v[i] = rnd.nextInt(10);
              }
              feeds.put(in.name(), OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape));
            } else {
              float[] x = new float[count];
              for (int i = 0; i < x.length; i++) {
                x[i] = (float) (2 * rnd.nextDouble() - 1);
              }
              feeds.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape));
            }
          }
          var outputNames = new ArrayList<>(session.getOutputNames());
          try (var result = session.run(Map.copyOf(feeds))) {
            var wrongShapes = new ArrayList<String>();
            for (int i = 0; i < outputNames.size(); i++) {
              String name = outputNames.get(i);
              long[] actual = ((OnnxTensor) result.get(i)).getInfo().getShape();
              long[] expected =
                  graph.node(name).outputShape().withBatch(batchless.contains(name) ? 1 : batch);
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
                graph.nodes().size() - graph.inputs().size(),
                outputNames.size(),
                "every node but the inputs is checked");
            assertEquals(List.of(), wrongShapes, "node output shapes");
            assertEquals(graph.output().name(), outputNames.get(0));
            FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] y = new float[fb.remaining()];
            fb.get(y);
            return y;
          }
        } finally {
          feeds.values().forEach(OnnxTensor::close);
        }
      }
    }
  }
}
