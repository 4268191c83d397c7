package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;

/**
 * A model's inputs with their symbolic dimensions (other than the batch) given sizes, so that the
 * importer, which needs fixed sizes, can analyze a model exported with dynamic height and width.
 * Fixed dimensions and the batch are left as they are.
 */
public final class FixedInputs {
  private FixedInputs() {}

  /**
   * The model bytes with input dims set: {@code shapes} by input name (full shapes, batch first),
   * else {@code size} ({@code [H, W]}) for the last two dims of a rank-4 input.
   */
  public static byte[] apply(byte[] model, Map<String, List<Long>> shapes, List<Integer> size) {
    if (shapes.isEmpty() && size.isEmpty()) {
      return model;
    }
    OnnxMl.ModelProto proto;
    try {
      proto = OnnxMl.ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new ImportException("not an ONNX model: " + e.getMessage());
    }
    var m = proto.toBuilder();
    var symbols = new java.util.HashMap<String, Map.Entry<String, Long>>();
    var g = m.getGraphBuilder();
    for (int i = 0; i < g.getInputCount(); i++) {
      var in = g.getInputBuilder(i);
      if (!in.getType().hasTensorType() || !in.getType().getTensorType().hasShape()) {
        continue;
      }
      var shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
      List<Long> given = shapes.get(in.getName());
      int rank = shape.getDimCount();
      if (given != null && given.size() != rank) {
        throw new ImportException(
            "the shape given for input '"
                + in.getName()
                + "' has rank "
                + given.size()
                + ", the input has rank "
                + rank
                + " (--input-shape "
                + in.getName()
                + "=1x... with "
                + rank
                + " sizes)");
      }
      for (int d = 1; d < rank; d++) {
        var dim = shape.getDimBuilder(d);
        if (dim.hasDimValue() && dim.getDimValue() > 0) {
          continue;
        }
        String symbol = dim.getDimParam();
        if (given != null) {
          dim.setDimValue(given.get(d));
        } else if (size.size() == 2 && rank == 4 && d >= 2) {
          dim.setDimValue(size.get(d - 2));
        } else {
          continue;
        }
        sameSymbol(symbols, in.getName(), symbol, dim.getDimValue());
      }
    }
    return m.build().toByteArray();
  }

  /**
   * Inputs that share a named symbolic dimension (BERT's {@code sequence} of {@code input_ids} and
   * {@code attention_mask}) must be given one size: ONNX means one size by one name.
   */
  private static void sameSymbol(
      Map<String, Map.Entry<String, Long>> symbols, String input, String symbol, long v) {
    if (symbol.isEmpty()) {
      return;
    }
    var first = symbols.putIfAbsent(symbol, Map.entry(input, v));
    if (first != null && first.getValue() != v) {
      throw new ImportException(
          "input '"
              + input
              + "' is given "
              + v
              + " for symbolic dimension '"
              + symbol
              + "', input '"
              + first.getKey()
              + "' "
              + first.getValue()
              + "; inputs that share a symbolic dimension need the same size (--input-shape)");
    }
  }
}
