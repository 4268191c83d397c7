package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.floatAttr;
import static org.dnnbench.onnx.Protos.intAttr;
import static org.dnnbench.onnx.Protos.ints;
import static org.dnnbench.onnx.Protos.onnxAxes;
import static org.dnnbench.onnx.Protos.onnxAxis;
import static org.dnnbench.onnx.Protos.onnxType;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.Identity;
import org.dnnbench.graph.LeakyRelu;
import org.dnnbench.graph.MatMul;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.StochasticDepth;
import org.dnnbench.graph.Unary;

/**
 * Element-wise ops, products and reductions: ReLU/ReLU6/Sigmoid/Tanh/HardSwish to Relu/Clip(0,
 * 6)/Sigmoid/Tanh/HardSwish, HardSigmoid to HardSigmoid(1/6, 1/2), SiLU to Sigmoid + Mul, GELU to
 * Div-Erf-Add-Mul-Mul (as {@code torch.onnx} writes it at opset 17) and its tanh form to
 * Mul/Add/Tanh; Add to Add (Sum for more than two inputs), Mul, Binary and MatMul to their
 * namesakes with lower-rank inputs unsqueezed after the batch axis; Unary/LeakyReLU/Cast to their
 * namesakes; Softmax on its axis; Reduce to ReduceMean/Sum/Max/Min/L2; Dropout, Identity and
 * StochasticDepth (inference) to Identity.
 */
final class PointwiseEmitters {
  private PointwiseEmitters() {}

  static void register(EmitterTable.Registry r) {
    r.put(Activation.class, PointwiseEmitters::activation);
    r.put(
        LeakyRelu.class,
        (l, n, g) ->
            g.node("LeakyRelu", n.name(), n.inputs(), n.name())
                .addAttribute(floatAttr("alpha", (float) l.alpha())));
    r.put(Unary.class, (u, n, g) -> g.node(u.fn().onnxName(), n.name(), n.inputs(), n.name()));
    r.put(
        Binary.class, (b, n, g) -> g.node(b.fn().onnxName(), n.name(), g.alignRanks(n), n.name()));
    r.put(
        Add.class,
        (a, n, g) ->
            g.node(n.inputs().size() == 2 ? "Add" : "Sum", n.name(), g.alignRanks(n), n.name()));
    r.put(Mul.class, (m, n, g) -> g.node("Mul", n.name(), g.alignRanks(n), n.name()));
    r.put(MatMul.class, (m, n, g) -> g.node("MatMul", n.name(), g.alignRanks(n), n.name()));
    r.put(
        Softmax.class,
        (s, n, g) ->
            g.node("Softmax", n.name(), n.inputs(), n.name())
                .addAttribute(intAttr("axis", onnxAxis(s.axis()))));
    r.put(Reduce.class, PointwiseEmitters::reduce);
    r.put(
        Cast.class,
        (c, n, g) ->
            g.node("Cast", n.name(), n.inputs(), n.name())
                .addAttribute(intAttr("to", onnxType(c.to()).getNumber())));
    r.put(Dropout.class, (d, n, g) -> identity(n, g));
    r.put(Identity.class, (i, n, g) -> identity(n, g));
    r.put(StochasticDepth.class, (s, n, g) -> identity(n, g));
  }

  private static void identity(Node n, ExportGraph g) {
    g.node("Identity", n.name(), n.inputs(), n.name());
  }

  static void activation(Activation a, Node n, ExportGraph g) {
    String name = n.name();
    List<String> in = n.inputs();
    var init = g.init;
    switch (a.kind()) {
      case RELU -> g.node("Relu", name, in, name);
      case RELU6 ->
          g.node(
              "Clip",
              name,
              List.of(in.get(0), init.scalar(name + ".min", 0f), init.scalar(name + ".max", 6f)),
              name);
      case SIGMOID -> g.node("Sigmoid", name, in, name);
      case TANH -> g.node("Tanh", name, in, name);
      case HARD_SWISH -> g.node("HardSwish", name, in, name);
      case HARD_SIGMOID ->
          g.node("HardSigmoid", name, in, name)
              .addAttribute(floatAttr("alpha", 1f / 6))
              .addAttribute(floatAttr("beta", 0.5f));
      case SILU -> {
        g.node("Sigmoid", name + "/sigmoid", in, name + "/sigmoid");
        g.node("Mul", name, List.of(in.get(0), name + "/sigmoid"), name);
      }
      case GELU -> {
        // x * (1 + erf(x / sqrt 2)) / 2, as torch.onnx spells nn.GELU at opset 17
        String x0 = in.get(0);
        g.node(
            "Div",
            name + "/div",
            List.of(x0, init.scalar(name + ".sqrt2", (float) Math.sqrt(2))),
            name + "/div");
        g.node("Erf", name + "/erf", List.of(name + "/div"), name + "/erf");
        g.node(
            "Add",
            name + "/add",
            List.of(name + "/erf", init.scalar(name + ".one", 1f)),
            name + "/add");
        g.node("Mul", name + "/mul", List.of(x0, name + "/add"), name + "/mul");
        g.node("Mul", name, List.of(name + "/mul", init.scalar(name + ".half", 0.5f)), name);
      }
      case GELU_TANH -> {
        // x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) / 2
        String x0 = in.get(0);
        g.node("Mul", name + "/x2", List.of(x0, x0), name + "/x2");
        g.node("Mul", name + "/x3", List.of(name + "/x2", x0), name + "/x3");
        g.node(
            "Mul",
            name + "/cx3",
            List.of(name + "/x3", init.scalar(name + ".c", 0.044715f)),
            name + "/cx3");
        g.node("Add", name + "/inner", List.of(x0, name + "/cx3"), name + "/inner");
        g.node(
            "Mul",
            name + "/scaled",
            List.of(name + "/inner", init.scalar(name + ".k", (float) Math.sqrt(2 / Math.PI))),
            name + "/scaled");
        g.node("Tanh", name + "/tanh", List.of(name + "/scaled"), name + "/tanh");
        g.node(
            "Add",
            name + "/add",
            List.of(name + "/tanh", init.scalar(name + ".one", 1f)),
            name + "/add");
        g.node("Mul", name + "/mul", List.of(x0, name + "/add"), name + "/mul");
        g.node("Mul", name, List.of(name + "/mul", init.scalar(name + ".half", 0.5f)), name);
      }
    }
  }

  static void reduce(Reduce r, Node n, ExportGraph g) {
    String name = n.name();
    long[] axes = onnxAxes(r.axes(), n.inputShapes().get(0).rank());
    if (r.fn() == Reduce.Fn.SUM) {
      g.node(
              "ReduceSum",
              name,
              List.of(n.inputs().get(0), g.init.longs(name + ".axes", axes)),
              name)
          .addAttribute(intAttr("keepdims", r.keepDims() ? 1 : 0));
    } else {
      g.node(r.fn().onnxName(), name, n.inputs(), name)
          .addAttribute(ints("axes", axes))
          .addAttribute(intAttr("keepdims", r.keepDims() ? 1 : 0));
    }
  }
}
