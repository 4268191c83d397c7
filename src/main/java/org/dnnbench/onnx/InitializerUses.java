package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which initializers are data rather than trainable parameters, judged by how the graph uses them,
 * for files without dnnbench's role doc strings (a PyTorch export names buffers and parameters
 * alike).
 *
 * <p>A weight is the operand that an op applies to its data; the data operand itself is input. An
 * initializer whose every use is as the data operand of an op with a constant weight (input 0 of
 * Conv, ConvTranspose, Gemm or MatMul whose input 1 is constant; input 0 of a normalization) or
 * whose shape alone is read ({@code Shape}, {@code Size}) is therefore a buffer: Swin V2's {@code
 * relative_coords_table}, the input of its position-bias MLP, is one. Uses are followed through
 * {@code Identity}, by which PyTorch shares one initializer among equal tensors. An initializer
 * used in any other way (added to activations as ViT's position embedding, gathered as Swin's bias
 * table, multiplied as ConvNeXt's layer scale) keeps its default role.
 */
final class InitializerUses {
  private InitializerUses() {}

  private static final Set<String> WEIGHTED =
      Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "ConvInteger", "MatMulInteger");
  private static final Set<String> NORMALIZATIONS =
      Set.of(
          "BatchNormalization",
          "InstanceNormalization",
          "LayerNormalization",
          "GroupNormalization",
          "LpNormalization");
  private static final Set<String> SHAPE_ONLY = Set.of("Shape", "Size");

  /** The initializers (of {@code initializers}) that {@code nodes}, in order, use only as data. */
  static Set<String> dataOnly(List<NodeProto> nodes, Set<String> initializers) {
    var constant = new HashSet<>(initializers);
    var root = new HashMap<String, String>();
    for (String i : initializers) {
      root.put(i, i);
    }
    var data = new HashSet<String>();
    var other = new HashSet<String>();
    for (NodeProto n : nodes) {
      String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : "";
      if (op.equals("Identity") && n.getInputCount() == 1 && n.getOutputCount() == 1) {
        String r = root.get(n.getInput(0));
        if (r != null) {
          root.put(n.getOutput(0), r);
        }
      }
      for (int i = 0; i < n.getInputCount(); i++) {
        String r = root.get(n.getInput(i));
        if (r == null || op.equals("Identity")) {
          continue;
        }
        (isDataUse(op, n, i, constant) ? data : other).add(r);
      }
      if (producesConstant(op, n, constant)) {
        for (String o : n.getOutputList()) {
          constant.add(o);
        }
      }
    }
    data.removeAll(other);
    return data;
  }

  private static boolean isDataUse(String op, NodeProto n, int i, Set<String> constant) {
    if (SHAPE_ONLY.contains(op)) {
      return true;
    }
    if (i != 0) {
      return false;
    }
    if (NORMALIZATIONS.contains(op)) {
      return true;
    }
    return WEIGHTED.contains(op) && n.getInputCount() > 1 && constant.contains(n.getInput(1));
  }

  /** A Constant node, or a node (of the default domain) all of whose inputs are constants. */
  private static boolean producesConstant(String op, NodeProto n, Set<String> constant) {
    if (op.equals("Constant")) {
      return true;
    }
    if (op.isEmpty() || n.getInputCount() == 0) {
      return false;
    }
    for (String in : n.getInputList()) {
      if (!in.isEmpty() && !constant.contains(in)) {
        return false;
      }
    }
    return true;
  }
}
