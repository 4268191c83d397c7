package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ModelGraph} layer by layer, inferring each output shape as the layer is added. An
 * invalid layer fails at once with a {@link GraphException} naming the node, the op and the shapes.
 *
 * <pre>{@code
 * var g = new GraphBuilder("tiny", Shape.chw(3, 32, 32));
 * Tensor x = g.conv("conv1", g.input(), Conv2d.of(16, 3).pad(1).noBias());
 * x = g.relu("relu1", g.bn("bn1", x));
 * x = g.flatten("flatten", g.globalAvgPool("pool", x));
 * ModelGraph model = g.build(g.linear("fc", x, 10));
 * }</pre>
 *
 * <p>Not thread-safe; a builder is used once.
 */
public final class GraphBuilder {
  /** Name of the input node. */
  public static final String INPUT = "input";

  private final String modelName;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byName = new HashMap<>();
  private final Tensor input;
  private boolean built;

  /** Starts a graph named {@code modelName} whose input has the given per-sample shape. */
  public GraphBuilder(String modelName, Shape inputShape) {
    this.modelName = modelName;
    this.input = apply(INPUT, new Input(inputShape));
  }

  /** Starts a graph whose (first) input has the given per-sample shape and element type. */
  public GraphBuilder(String modelName, Shape inputShape, ElementType type) {
    this.modelName = modelName;
    this.input = apply(INPUT, new Input(inputShape, type));
  }

  /** The (first) input tensor. */
  public Tensor input() {
    return input;
  }

  /** Adds a further input named {@code name}, e.g. a BERT model's attention mask. */
  public Tensor input(String name, Shape shape, ElementType type) {
    return apply(name, new Input(shape, type));
  }

  /** Adds a trainable parameter used as a tensor (a class token, a position embedding). */
  public Tensor parameter(String name, Shape shape) {
    return apply(name, Constant.parameter(shape));
  }

  /** Adds a literal number that broadcasts against anything. */
  public Tensor scalar(String name, double value) {
    return apply(name, Constant.scalar(value));
  }

  /** Adds a node applying {@code op} to {@code inputs} and returns its output. */
  public Tensor apply(String name, Op op, Tensor... inputs) {
    if (built) {
      throw new IllegalStateException("graph '" + modelName + "' is already built");
    }
    if (name == null || name.isBlank()) {
      throw new GraphException("a node of " + op.type() + " needs a name");
    }
    String where = "node '" + name + "' (" + op.type() + ")";
    if (byName.containsKey(name)) {
      throw new GraphException(where + ": the name is already taken in " + modelName);
    }
    if (inputs.length < op.minInputs() || inputs.length > op.maxInputs()) {
      throw new GraphException(
          where
              + ": takes "
              + (op.minInputs() == op.maxInputs()
                  ? op.minInputs()
                  : op.minInputs()
                      + ".."
                      + (op.maxInputs() == Integer.MAX_VALUE ? "n" : op.maxInputs()))
              + " inputs, got "
              + inputs.length);
    }
    var names = new ArrayList<String>(inputs.length);
    var shapes = new ArrayList<Shape>(inputs.length);
    for (Tensor t : inputs) {
      Node producer = byName.get(t.name());
      if (producer == null || !producer.outputShape().equals(t.shape())) {
        throw new GraphException(where + ": input '" + t.name() + "' is not a node of this graph");
      }
      names.add(t.name());
      shapes.add(t.shape());
    }
    Shape out;
    try {
      out = op.outputShape(shapes);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new GraphException(where + ": " + e.getMessage());
    }
    Node node = new Node(name, op, names, shapes, out);
    nodes.add(node);
    byName.put(name, node);
    return new Tensor(name, out);
  }

  /** Finishes the graph with {@code output} as its result. */
  public ModelGraph build(Tensor output) {
    if (!byName.containsKey(output.name())) {
      throw new GraphException("output '" + output.name() + "' is not a node of " + modelName);
    }
    built = true;
    return new ModelGraph(modelName, nodes, output.name());
  }

  // Sugar for the common layers; each is apply() with the op spelled out.

  public Tensor conv(String name, Tensor x, Conv2d conv) {
    return apply(name, conv, x);
  }

  public Tensor linear(String name, Tensor x, int outFeatures) {
    return apply(name, Linear.of(outFeatures), x);
  }

  public Tensor bn(String name, Tensor x) {
    return apply(name, BatchNorm.DEFAULT, x);
  }

  public Tensor bn(String name, Tensor x, double eps) {
    return apply(name, new BatchNorm(eps), x);
  }

  public Tensor relu(String name, Tensor x) {
    return apply(name, Activation.RELU, x);
  }

  public Tensor relu6(String name, Tensor x) {
    return apply(name, Activation.RELU6, x);
  }

  public Tensor sigmoid(String name, Tensor x) {
    return apply(name, Activation.SIGMOID, x);
  }

  public Tensor maxPool(String name, Tensor x, MaxPool2d pool) {
    return apply(name, pool, x);
  }

  public Tensor avgPool(String name, Tensor x, AvgPool2d pool) {
    return apply(name, pool, x);
  }

  public Tensor globalAvgPool(String name, Tensor x) {
    return apply(name, new GlobalAvgPool(), x);
  }

  public Tensor add(String name, Tensor... xs) {
    return apply(name, new Add(), xs);
  }

  public Tensor mul(String name, Tensor x, Tensor gate) {
    return apply(name, new Mul(), x, gate);
  }

  public Tensor concat(String name, Tensor... xs) {
    return apply(name, Concat.CHANNELS, xs);
  }

  public Tensor concat(String name, List<Tensor> xs) {
    return concat(name, xs.toArray(Tensor[]::new));
  }

  public Tensor matmul(String name, Tensor a, Tensor b) {
    return apply(name, new MatMul(), a, b);
  }

  public Tensor layerNorm(String name, Tensor x, double eps) {
    return apply(name, LayerNorm.lastAxis(eps), x);
  }

  public Tensor gelu(String name, Tensor x) {
    return apply(name, Activation.GELU, x);
  }

  public Tensor silu(String name, Tensor x) {
    return apply(name, Activation.SILU, x);
  }

  public Tensor softmax(String name, Tensor x, int axis) {
    return apply(name, new Softmax(axis), x);
  }

  public Tensor reshape(String name, Tensor x, int... dims) {
    return apply(name, Reshape.to(dims), x);
  }

  public Tensor transpose(String name, Tensor x, int... perm) {
    return apply(name, Transpose.of(perm), x);
  }

  public Tensor flatten(String name, Tensor x) {
    return apply(name, new Flatten(), x);
  }

  public Tensor dropout(String name, Tensor x, double p) {
    return apply(name, new Dropout(p), x);
  }

  /** Channels {@code [start, end)} of {@code x}. */
  public Tensor channels(String name, Tensor x, int start, int end) {
    return apply(name, new Slice(0, start, end), x);
  }

  @Override
  public String toString() {
    return "GraphBuilder["
        + modelName
        + ", "
        + nodes.size()
        + " nodes: "
        + Arrays.toString(nodes.stream().map(Node::name).limit(3).toArray())
        + "...]";
  }
}
