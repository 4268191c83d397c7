package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Tensor;

/**
 * The state of one import: the values by ONNX name, the graph being built, and the helpers every
 * converter uses to read its inputs, emit graph nodes and name errors.
 */
final class ImportContext {
  final String source;
  final GraphProto graph;
  final Map<String, Value> values = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  GraphBuilder builder;

  /**
   * Initializers that the graph uses only as data (see {@link InitializerUses}): buffers, not
   * parameters, in a file without role doc strings.
   */
  Set<String> dataOnly = Set.of();

  /** The image input is N x H x W x C and every reader transposes it to N x C x H x W. */
  String channelsLastInput;

  /**
   * The import runs at batch 1: the batch is the number 1 in shape arithmetic, and a tensor whose
   * batch axis was moved is held whole (see {@link Value.Dyn#batched}).
   */
  final boolean batchOne;

  ImportContext(String source, GraphProto graph, boolean batchOne) {
    this.source = source;
    this.graph = graph;
    this.batchOne = batchOne;
  }

  /** The batch in folded shapes: the symbol, or 1. */
  Dim batchDim() {
    return batchOne ? Dim.of(1) : Dim.BATCH;
  }

  /**
   * Input {@code i} as a computed tensor of any form: a pending MatMul becomes its Linear, a
   * constant becomes a graph {@link org.dnnbench.graph.Constant} (not batched).
   */
  Value.Dyn tensor(NodeProto n, int i) {
    Value v = in(n, i);
    if (v instanceof Value.Dyn d) {
      return d;
    }
    if (v instanceof Const c) {
      return constantTensor(n, n.getInput(i), c, false);
    }
    // a pending product of a whole tensor (Swin V2's bias MLP on its table) stays whole
    boolean batched = !(v instanceof Value.PendingLinear pl) || pl.batched();
    return new Value.Dyn(dyn(v, nodeName(n), n.getInput(i)), batched);
  }

  /**
   * A constant as a graph node: an initializer of floats read as a tensor is a trainable parameter
   * (ViT's position embedding, ConvNeXt's layer scale), except those PyTorch's exporter made by
   * folding ({@code onnx::...}, {@code /...}) and single numbers (GELU's 0.5, a mask's -10000); an
   * initializer the graph uses only as data is a buffer (Swin V2's coordinates table, see {@link
   * InitializerUses}); other constants are literals. {@code dropLeading} drops a leading 1 (the
   * constant meets a batched tensor of its rank).
   */
  Value.Dyn constantTensor(NodeProto n, String name, Const c, boolean dropLeading) {
    long[] d = c.dims;
    if (dropLeading && d.length > 0 && d[0] == 1) {
      d = java.util.Arrays.copyOfRange(d, 1, d.length);
    }
    int[] dims =
        java.util.Arrays.stream(d.length == 0 ? new long[] {1} : d)
            .mapToInt(x -> Bounds.positive("dimension of constant '" + name + "'", x))
            .toArray();
    if (dims.length == 0) {
      dims = new int[] {1};
    }
    org.dnnbench.graph.Shape shape = org.dnnbench.graph.Shape.of(dims);
    String role = roleOf(c.initializer);
    if (role.equals("buffer") || role.isEmpty() && dataOnly.contains(c.initializer)) {
      return new Value.Dyn(
          builder.apply(
              unique(name.isEmpty() ? nodeName(n) : name),
              new org.dnnbench.graph.Constant(
                  shape, org.dnnbench.graph.Constant.Role.BUFFER, java.util.List.of())),
          false);
    }
    boolean parameter = isParameter(c);
    org.dnnbench.graph.Op op;
    if (parameter) {
      op = org.dnnbench.graph.Constant.parameter(shape);
    } else if (c.size() == 1 && !c.symbolic()) {
      op =
          new org.dnnbench.graph.Constant(
              shape, org.dnnbench.graph.Constant.Role.LITERAL, java.util.List.of(c.values()[0]));
    } else {
      op =
          new org.dnnbench.graph.Constant(
              shape, org.dnnbench.graph.Constant.Role.LITERAL, java.util.List.of());
    }
    return new Value.Dyn(builder.apply(unique(name.isEmpty() ? nodeName(n) : name), op), false);
  }

  /**
   * Whether a constant is a trainable parameter read as a tensor: so marked by dnnbench's exporter,
   * or a float initializer of more than one number that PyTorch's exporter did not make by folding
   * ({@code onnx::...}, {@code /...}) and that the graph does not use only as data ({@link
   * InitializerUses}).
   */
  boolean isParameter(Const c) {
    String role = roleOf(c.initializer);
    return role.equals("parameter")
        || c.initializer != null
            && role.isEmpty()
            && c.size() > 1
            && (c.dataType() == 1 || c.dataType() == 10 || c.dataType() == 16)
            && !c.initializer.startsWith("onnx::")
            && !c.initializer.startsWith("/")
            && !dataOnly.contains(c.initializer);
  }

  /** The role dnnbench's exporter wrote in an initializer's doc string, or empty. */
  private String roleOf(String initializer) {
    if (initializer == null) {
      return "";
    }
    String doc = initializerDocs().getOrDefault(initializer, "");
    return doc.startsWith(OnnxExporter.ROLE_DOC)
        ? doc.substring(OnnxExporter.ROLE_DOC.length())
        : "";
  }

  private Map<String, String> docs;

  private Map<String, String> initializerDocs() {
    if (docs == null) {
      docs = new HashMap<>();
      for (var t : graph.getInitializerList()) {
        if (!t.getDocString().isEmpty()) {
          docs.put(t.getName(), t.getDocString());
        }
      }
    }
    return docs;
  }

  /** A batched tensor held whole ({@code 1 x ...}): only at batch 1. */
  Value.Dyn unbatch(NodeProto n, Value.Dyn d) {
    if (!d.batched()) {
      return d;
    }
    if (!batchOne) {
      throw new BatchAxisMoved(nodeName(n));
    }
    Tensor t =
        apply(n, ".whole", new org.dnnbench.graph.Unsqueeze(java.util.List.of(0)), d.tensor());
    return new Value.Dyn(t, false);
  }

  /**
   * The tensor per sample: a tensor held whole whose leading dimension is 1 takes it as the batch;
   * other whole tensors cannot be.
   */
  Tensor sample(NodeProto n, Value.Dyn d) {
    if (d.batched()) {
      return d.tensor();
    }
    org.dnnbench.graph.Shape s = d.tensor().shape();
    if (s.rank() >= 2 && s.dim(0) == 1) {
      return apply(n, ".sample", new org.dnnbench.graph.Squeeze(java.util.List.of(0)), d.tensor());
    }
    throw new IllegalArgumentException(
        "needs a batch of samples, got a tensor of shape " + s + " (held whole)");
  }

  /** At batch 1, a whole tensor with a leading 1 is read as batched; else as it is. */
  Value.Dyn normalized(NodeProto n, Value.Dyn d) {
    if (!d.batched() && batchOne) {
      org.dnnbench.graph.Shape s = d.tensor().shape();
      if (s.rank() >= 2 && s.dim(0) == 1) {
        return new Value.Dyn(sample(n, d), true);
      }
    }
    return d;
  }

  /** The graph axis of ONNX axis {@code a} of {@code d} (negative counts from the end). */
  static int graphAxis(Value.Dyn d, long a) {
    int r = d.rank();
    long x = a < 0 ? a + r : a;
    if (x < 0 || x >= r) {
      throw new IllegalArgumentException("axis " + a + " is out of range for rank " + r);
    }
    return (int) x - (d.batched() ? 1 : 0);
  }

  Value in(NodeProto n, int i) {
    if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
      throw new IllegalArgumentException("input " + i + " is missing");
    }
    String name = n.getInput(i);
    Value v = values.get(name);
    if (v == null) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': node '"
              + nodeName(n)
              + "' ("
              + n.getOpType()
              + ") reads '"
              + name
              + "', which no node or initializer produces (a missing initializer or a truncated file?)");
    }
    return v;
  }

  /** Whether optional input {@code i} is given. */
  static boolean has(NodeProto n, int i) {
    return n.getInputCount() > i && !n.getInput(i).isEmpty();
  }

  Tensor dyn(NodeProto n, int i) {
    Value v = in(n, i);
    if (v instanceof Value.Dyn d && !d.batched()) {
      return sample(n, d);
    }
    return dyn(v, nodeName(n), n.getInput(i));
  }

  /**
   * The value as a graph tensor; a pending MatMul becomes a Linear without bias, a pending pool of
   * the columns its adaptive pool.
   */
  Tensor dyn(Value v, String where, String name) {
    if (v instanceof Value.Dyn d) {
      return d.tensor();
    }
    if (v instanceof Value.PendingLinear pl) {
      usedNames.add(pl.name());
      Tensor t = builder.apply(pl.name(), new Linear(pl.out(), false), pl.input());
      values.replaceAll((k, old) -> old == pl ? new Value.Dyn(t, pl.batched()) : old);
      return t;
    }
    if (v instanceof Value.PendingPool pp) {
      // no row pooling follows: the pool of the columns alone
      usedNames.add(pp.name());
      Tensor t =
          builder.apply(
              pp.name(),
              new org.dnnbench.graph.AdaptiveAvgPool2d(pp.input().shape().height(), pp.outW()),
              pp.input());
      values.replaceAll((k, old) -> old == pp ? new Value.Dyn(t) : old);
      return t;
    }
    if (v instanceof Value.ShuffleStage st) {
      // not a channel shuffle after all: the reshape (and transpose) as they are
      var s = st.input().shape();
      Tensor t =
          builder.apply(
              unique(where + ".reshape"),
              org.dnnbench.graph.Reshape.to(
                  st.groups(), s.channels() / st.groups(), s.height(), s.width()),
              st.input());
      if (st.transposed()) {
        t =
            builder.apply(
                unique(where + ".transpose"), org.dnnbench.graph.Transpose.of(1, 0, 2, 3), t);
      }
      Tensor r = t;
      values.replaceAll((k, old) -> old == st ? new Value.Dyn(r) : old);
      return t;
    }
    throw new ImportException(
        "unsupported ONNX graph at node '"
            + where
            + "': '"
            + name
            + "' is a constant where a computed tensor is expected");
  }

  Const constant(NodeProto n, int i) {
    Value v = in(n, i);
    if (v instanceof Const c) {
      return c;
    }
    throw unsupported(
        n,
        n.getOpType()
            + " whose input "
            + i
            + " ('"
            + n.getInput(i)
            + "') is computed, not a constant");
  }

  void emit(NodeProto n, Op op, Tensor... xs) {
    Tensor t = builder.apply(unique(nodeName(n)), op, xs);
    put(n, new Value.Dyn(t));
  }

  /** Emits {@code op}; its output is batched as {@code batched} says. */
  void emit(NodeProto n, boolean batched, Op op, Tensor... xs) {
    Tensor t = builder.apply(unique(nodeName(n)), op, xs);
    put(n, new Value.Dyn(t, batched));
  }

  /** A graph node of its own for a part of an ONNX node, named {@code node.suffix}. */
  Tensor apply(NodeProto n, String suffix, Op op, Tensor... xs) {
    return builder.apply(unique(nodeName(n) + suffix), op, xs);
  }

  void put(NodeProto n, Value v) {
    if (n.getOutputCount() < 1) {
      throw new IllegalArgumentException("the node has no output");
    }
    values.put(n.getOutput(0), v);
  }

  /** Claims a name the importer has already decided on (a fused node's). */
  void claim(String name) {
    usedNames.add(name);
  }

  String unique(String base) {
    String name = base;
    for (int i = 1; !usedNames.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  static String nodeName(NodeProto n) {
    if (!n.getName().isEmpty()) {
      return n.getName();
    }
    return n.getOutputCount() > 0 ? n.getOutput(0) : n.getOpType();
  }

  /**
   * An op dnnbench cannot import here. A known op in a form it does not handle is named with that
   * form alone (the list of supported ops would contain the op itself); an unknown op gets the
   * list.
   */
  ImportException unsupported(NodeProto n, String what) {
    if (OpTable.supported().contains(n.getOpType())) {
      return new ImportException(
          "unsupported form of ONNX op '"
              + n.getOpType()
              + "' at node '"
              + nodeName(n)
              + "': "
              + what);
    }
    return new ImportException(
        "unsupported ONNX op '"
            + what
            + "' at node '"
            + nodeName(n)
            + "'; supported: "
            + String.join(", ", OpTable.supported()));
  }

  ImportException malformed(String why) {
    return new ImportException("malformed ONNX file '" + source + "': " + why);
  }
}
