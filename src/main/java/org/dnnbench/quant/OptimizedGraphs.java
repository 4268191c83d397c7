package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the graph an engine actually runs (ONNX Runtime writes it when {@code
 * EngineOptions.optimizedModelPath} is set) and sorts its nodes into int8 kernels, float compute
 * and conversions/layout, so a check or a case's detail can say where a quantized model still
 * computes in float.
 */
public final class OptimizedGraphs {
  private OptimizedGraphs() {}

  /** Nodes that are conversions or layout changes, neither int8 nor float compute. */
  private static final Set<String> LAYOUT =
      Set.of(
          "QuantizeLinear",
          "DequantizeLinear",
          "Transpose",
          "Flatten",
          "Reshape",
          "Squeeze",
          "Unsqueeze",
          "Identity",
          "Shape",
          "Gather",
          "Cast",
          "MaxPool");

  /** Op type (with its domain when not the default one) to count. */
  public static Map<String, Integer> opCounts(ModelProto model) {
    var counts = new TreeMap<String, Integer>();
    for (NodeProto n : model.getGraph().getNodeList()) {
      counts.merge(n.getOpType(), 1, Integer::sum);
    }
    return counts;
  }

  /** The model written at {@code file}. */
  public static ModelProto read(Path file) {
    try {
      return ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the optimized model " + file, e);
    }
  }

  /** Whether ONNX Runtime runs this op type on 8-bit integers. */
  public static boolean isInt8Kernel(String opType) {
    return opType.startsWith("QLinear")
        || opType.equals("QGemm")
        || opType.startsWith("MatMulInteger")
        || opType.equals("ConvInteger")
        || opType.equals("NhwcMaxPool")
        || opType.equals("QAttention")
        || opType.equals("DynamicQuantizeMatMul");
  }

  /** The op types left computing in float (not int8 kernels, conversions or layout), counted. */
  public static Map<String, Integer> floatComputeOps(ModelProto optimized) {
    var out = new TreeMap<String, Integer>();
    opCounts(optimized)
        .forEach(
            (op, n) -> {
              if (!isInt8Kernel(op) && !LAYOUT.contains(op)) {
                out.put(op, n);
              }
            });
    return out;
  }

  /** The int8 kernels, counted. */
  public static Map<String, Integer> int8Ops(ModelProto optimized) {
    var out = new TreeMap<String, Integer>();
    opCounts(optimized)
        .forEach(
            (op, n) -> {
              if (isInt8Kernel(op)) {
                out.put(op, n);
              }
            });
    return out;
  }

  /** Name prefix ONNX Runtime gives what its InsertCastTransformer wraps in float32 Casts. */
  static final String INSERTED_CAST_PREFIX = "InsertedPrecisionFreeCast_";

  /**
   * The op types (not Casts) that ONNX Runtime computes in float32 although the model asked for
   * float16, because its provider has no float16 kernel: it wraps them in Casts and names them
   * (and, after its layout rewrites, their successors) {@value #INSERTED_CAST_PREFIX}... — a
   * behaviour of ONNX Runtime 1.29's CPU provider, read from the graph it runs.
   */
  public static Map<String, Integer> computedInFloat32ByEngine(ModelProto optimized) {
    var out = new TreeMap<String, Integer>();
    for (NodeProto n : optimized.getGraph().getNodeList()) {
      if (!n.getOpType().equals("Cast") && n.getName().startsWith(INSERTED_CAST_PREFIX)) {
        out.merge(n.getOpType(), 1, Integer::sum);
      }
    }
    return out;
  }
}
