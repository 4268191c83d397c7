package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.intAttr;
import static org.dnnbench.onnx.Protos.ints;
import static org.dnnbench.onnx.Protos.onnxAxes;
import static org.dnnbench.onnx.Protos.stringAttr;
import static org.dnnbench.onnx.Protos.withOne;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Expand;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Pad;
import org.dnnbench.graph.Reshape;
import org.dnnbench.graph.Resize;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Squeeze;
import org.dnnbench.graph.Tile;
import org.dnnbench.graph.Transpose;
import org.dnnbench.graph.Unsqueeze;
import org.dnnbench.graph.ZeroPad2d;

/**
 * Data movement, with per-sample axes shifted past the batch: Concat on axis + 1 (inputs computed
 * from constants alone expanded to the batch), ChannelShuffle to Reshape-Transpose-Reshape, Flatten
 * to Flatten(axis 1), Reshape to Reshape {@code [0, dims]}, Transpose/Squeeze/Unsqueeze/Gather,
 * Slice with constant inputs, Expand (to {@code 1 x target}) and Tile, ZeroPad2d and Pad to Pad,
 * Resize to Resize with sizes {@code N, C} from the input's Shape.
 */
final class ShapeEmitters {
  private ShapeEmitters() {}

  static void register(EmitterTable.Registry r) {
    r.put(
        Concat.class,
        (c, n, g) ->
            g.node("Concat", n.name(), g.withBatch(n), n.name())
                .addAttribute(intAttr("axis", c.axis() + 1)));
    r.put(ChannelShuffle.class, ShapeEmitters::channelShuffle);
    r.put(
        Flatten.class,
        (f, n, g) ->
            g.node("Flatten", n.name(), n.inputs(), n.name()).addAttribute(intAttr("axis", 1)));
    r.put(Reshape.class, ShapeEmitters::reshape);
    r.put(Transpose.class, ShapeEmitters::transpose);
    r.put(Squeeze.class, (s, n, g) -> axesInput("Squeeze", onnxAxes(s.axes(), x(n).rank()), n, g));
    r.put(
        Unsqueeze.class,
        (u, n, g) -> axesInput("Unsqueeze", onnxAxes(u.axes(), n.outputShape().rank()), n, g));
    r.put(Gather.class, ShapeEmitters::gather);
    r.put(Slice.class, ShapeEmitters::slice);
    r.put(Expand.class, ShapeEmitters::expand);
    r.put(Tile.class, ShapeEmitters::tile);
    r.put(ZeroPad2d.class, ShapeEmitters::zeroPad);
    r.put(Pad.class, ShapeEmitters::pad);
    r.put(Resize.class, ShapeEmitters::resize);
  }

  private static Shape x(Node n) {
    return n.inputShapes().get(0);
  }

  private static void axesInput(String opType, long[] axes, Node n, ExportGraph g) {
    g.node(
        opType,
        n.name(),
        List.of(n.inputs().get(0), g.init.longs(n.name() + ".axes", axes)),
        n.name());
  }

  static void channelShuffle(ChannelShuffle s, Node n, ExportGraph g) {
    String name = n.name();
    int c = x(n).channels();
    int h = x(n).height();
    int w = x(n).width();
    g.node(
        "Reshape",
        name + "/split",
        List.of(
            n.inputs().get(0),
            g.init.longs(name + ".split_shape", 0, s.groups(), c / s.groups(), h, w)),
        name + "/split");
    g.node("Transpose", name + "/transpose", List.of(name + "/split"), name + "/transpose")
        .addAttribute(ints("perm", 0, 2, 1, 3, 4));
    g.node(
        "Reshape",
        name,
        List.of(name + "/transpose", g.init.longs(name + ".merge_shape", 0, c, h, w)),
        name);
  }

  static void reshape(Reshape r, Node n, ExportGraph g) {
    long[] target = new long[n.outputShape().rank() + 1];
    for (int i = 1; i < target.length; i++) {
      target[i] = n.outputShape().dim(i - 1);
    }
    g.node(
        "Reshape",
        n.name(),
        List.of(n.inputs().get(0), g.init.longs(n.name() + ".shape", target)),
        n.name());
  }

  static void transpose(Transpose t, Node n, ExportGraph g) {
    long[] perm = new long[t.perm().size() + 1];
    for (int i = 1; i < perm.length; i++) {
      perm[i] = t.perm().get(i - 1) + 1;
    }
    g.node("Transpose", n.name(), n.inputs(), n.name()).addAttribute(ints("perm", perm));
  }

  static void gather(Gather ga, Node n, ExportGraph g) {
    String idx = g.init.indices(n.name() + ".indices", ga.indices(), ga.dropAxis());
    g.node("Gather", n.name(), List.of(n.inputs().get(0), idx), n.name())
        .addAttribute(intAttr("axis", onnxAxes(List.of(ga.axis()), x(n).rank())[0]));
  }

  static void slice(Slice s, Node n, ExportGraph g) {
    String name = n.name();
    var inputs =
        new ArrayList<>(
            List.of(
                n.inputs().get(0),
                g.init.longs(name + ".starts", s.start()),
                g.init.longs(name + ".ends", s.end()),
                g.init.longs(name + ".axes", s.axis() + 1)));
    if (s.step() != 1) {
      inputs.add(g.init.longs(name + ".steps", s.step()));
    }
    g.node("Slice", name, inputs, name);
  }

  static void expand(Expand e, Node n, ExportGraph g) {
    String name = n.name();
    String src = g.unsqueezeTo(name, n.inputs().get(0), x(n).rank(), n.outputShape().rank());
    g.node("Expand", name, List.of(src, g.init.longs(name + ".shape", withOne(e.target()))), name);
  }

  static void tile(Tile t, Node n, ExportGraph g) {
    long[] reps = new long[t.repeats().size() + 1];
    reps[0] = 1;
    for (int i = 1; i < reps.length; i++) {
      reps[i] = t.repeats().get(i - 1);
    }
    g.node(
        "Tile",
        n.name(),
        List.of(n.inputs().get(0), g.init.longs(n.name() + ".repeats", reps)),
        n.name());
  }

  static void zeroPad(ZeroPad2d p, Node n, ExportGraph g) {
    // ONNX pads: [x1_begin, x2_begin, ..., x1_end, x2_end, ...] over N, C, H, W
    g.node(
        "Pad",
        n.name(),
        List.of(
            n.inputs().get(0),
            g.init.longs(n.name() + ".pads", 0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right())),
        n.name());
  }

  static void pad(Pad p, Node n, ExportGraph g) {
    String name = n.name();
    int r = x(n).rank();
    long[] pads = new long[2 * (r + 1)];
    for (int i = 0; i < r; i++) {
      pads[i + 1] = p.begins().get(i);
      pads[r + 2 + i] = p.ends().get(i);
    }
    var inputs = new ArrayList<>(List.of(n.inputs().get(0), g.init.longs(name + ".pads", pads)));
    if (p.mode() == Pad.Mode.CONSTANT) {
      inputs.add(g.init.scalar(name + ".value", (float) p.value()));
    }
    g.node("Pad", name, inputs, name)
        .addAttribute(stringAttr("mode", p.mode().name().toLowerCase(Locale.ROOT)));
  }

  static void resize(Resize r, Node n, ExportGraph g) {
    // sizes: the input's batch and channels, then the target rows and columns
    String name = n.name();
    String in = n.inputs().get(0);
    g.node("Shape", name + "/shape", List.of(in), name + "/shape");
    g.node(
        "Slice",
        name + "/nc",
        List.of(
            name + "/shape",
            g.init.longs(name + ".nc_start", 0),
            g.init.longs(name + ".nc_end", 2)),
        name + "/nc");
    g.node(
            "Concat",
            name + "/sizes",
            List.of(name + "/nc", g.init.longs(name + ".hw", r.outH(), r.outW())),
            name + "/sizes")
        .addAttribute(intAttr("axis", 0));
    var b = g.node("Resize", name, List.of(in, "", "", name + "/sizes"), name);
    if (r.mode() == Resize.Mode.NEAREST) {
      b.addAttribute(stringAttr("mode", "nearest"))
          .addAttribute(stringAttr("coordinate_transformation_mode", "asymmetric"))
          .addAttribute(stringAttr("nearest_mode", "floor"));
    } else {
      b.addAttribute(stringAttr("mode", "linear"))
          .addAttribute(
              stringAttr(
                  "coordinate_transformation_mode",
                  r.alignCorners() ? "align_corners" : "pytorch_half_pixel"));
    }
  }
}
