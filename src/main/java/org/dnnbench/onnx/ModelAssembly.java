package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.valueInfo;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.ModelProto;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Expand;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.Identity;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Reshape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Squeeze;
import org.dnnbench.graph.Tile;
import org.dnnbench.graph.Transpose;
import org.dnnbench.graph.Unsqueeze;

/**
 * Assembles one exported model: the graph's inputs, each node through {@link EmitterTable} in the
 * graph's order with its tensor's type ({@code value_info}), the output, and the model header with
 * dnnbench's provenance in {@code metadata_props}.
 */
final class ModelAssembly {
  private ModelAssembly() {}

  /** The model, its large weights in {@code external} unless that is null. */
  static ModelProto assemble(ModelGraph graph, long seed, ExternalData external) {
    var eg = new ExportGraph(graph, seed, external);
    var g = eg.proto;
    g.setName(graph.name());
    for (Node input : graph.inputs()) {
      ElementType type = ((Input) input.op()).elementType();
      eg.setType(input.name(), type);
      g.addInput(valueInfo(input.name(), input.outputShape(), type, true));
    }
    long macs = 0;
    for (Node n : graph.nodes()) {
      macs += n.macs();
      if (n.op() instanceof Input) {
        continue;
      }
      if (n.op() instanceof Constant || n.inputs().stream().allMatch(eg::batchless)) {
        eg.markBatchless(n.name());
      }
      eg.setType(n.name(), elementType(n, eg));
      EmitterTable.emit(n, eg);
      if (n != graph.output()) {
        g.addValueInfo(
            valueInfo(n.name(), n.outputShape(), eg.type(n.name()), !eg.batchless(n.name())));
      }
    }
    String out = graph.output().name();
    g.addOutput(valueInfo(out, graph.outputShape(), eg.type(out), !eg.batchless(out)));
    var m =
        ModelProto.newBuilder()
            .setIrVersion(OnnxExporter.IR_VERSION)
            .setProducerName("dnnbench")
            .setProducerVersion(OnnxExporter.version())
            .setDomain("org.dnnbench")
            .setModelVersion(1)
            .setDocString(
                "dnnbench export of " + graph.name() + " with random weights (seed " + seed + ")")
            .addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExporter.OPSET))
            .setGraph(g);
    meta(m, OnnxExporter.KEY_VERSION, OnnxExporter.version());
    meta(m, OnnxExporter.KEY_MODEL, graph.name());
    meta(m, OnnxExporter.KEY_SEED, Long.toString(seed));
    meta(m, OnnxExporter.KEY_WEIGHTS, OnnxExporter.WEIGHTS_CONVENTION);
    meta(m, OnnxExporter.KEY_MACS, Long.toString(macs));
    meta(m, OnnxExporter.KEY_MAC_CONVENTION, "torchvision");
    return m.build();
  }

  private static void meta(ModelProto.Builder m, String key, String value) {
    m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  /**
   * The element type of a node's output: data movement keeps its input's, a cast makes its own,
   * everything else computes in float32.
   */
  private static ElementType elementType(Node n, ExportGraph eg) {
    Op op = n.op();
    if (op instanceof Cast c) {
      return c.to();
    }
    boolean moves =
        op instanceof Reshape
            || op instanceof Transpose
            || op instanceof Squeeze
            || op instanceof Unsqueeze
            || op instanceof Gather
            || op instanceof Slice
            || op instanceof Concat
            || op instanceof Identity
            || op instanceof Expand
            || op instanceof Tile
            || op instanceof Flatten;
    return moves ? eg.type(n.inputs().get(0)) : ElementType.FLOAT32;
  }
}
