package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.dnnbench.engine.EngineException;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.Session;

/**
 * Half precision: float weights become float16 and every node computes in float16, while the
 * model's input and outputs stay float32, with a {@code Cast} at each edge. Where the execution
 * provider has no float16 kernel for an op (ONNX Runtime's CPU provider on x86 lacks one for most
 * convolutions), the engine refuses the model; the converter then keeps that op type in float32,
 * between Casts (weights stored in float16 and cast back at load), and tries again. ONNX Runtime
 * 1.29's CPU provider instead accepts such a model and inserts the Casts itself (its
 * InsertCastTransformer), computing those ops in float32: they are read from the graph it actually
 * runs ({@link OptimizedGraphs#computedInFloat32ByEngine}). Either way the model runs and {@link
 * Result#float32Ops} says which ops did not compute in float16.
 */
public final class Fp16Converter {
  private static final Pattern MISSING =
      Pattern.compile("Could not find an implementation for (\\w+)\\(");

  /** Ops whose outputs are never float (their float inputs are read as they are). */
  private static final Set<String> NON_FLOAT_OUTPUT =
      Set.of("Shape", "Size", "ArgMax", "ArgMin", "NonZero", "Equal", "Less", "Greater");

  private Fp16Converter() {}

  /**
   * The converted model.
   *
   * @param model the float16 model
   * @param float16Ops op type to count of nodes computing in float16
   * @param float32Ops op type to count of nodes kept in float32 because the provider has no float16
   *     kernel for them
   */
  public record Result(
      ModelProto model, Map<String, Integer> float16Ops, Map<String, Integer> float32Ops) {
    public Result {
      float16Ops = Map.copyOf(float16Ops);
      float32Ops = Map.copyOf(float32Ops);
    }

    /** One line for a case's detail. */
    public String describe() {
      return float32Ops.isEmpty()
          ? "fp16: every op computes in float16"
          : "fp16: float16 weights; no float16 kernel in this provider, so computed in float32"
              + " between Casts: "
              + new TreeMap<>(float32Ops)
              + "; in float16: "
              + new TreeMap<>(float16Ops);
    }
  }

  /**
   * Converts {@code model}, finding in the engine (with {@code engine}'s options) which op types
   * have no float16 kernel.
   */
  public static Result convert(ModelProto model, EngineOptions engine) {
    ModelProto prepared = Prepare.run(model);
    Set<String> blocked = new TreeSet<>();
    try (InferenceEngine e = Engines.create()) {
      for (int attempt = 0; attempt < 64; attempt++) {
        ModelProto m = convert(prepared, blocked);
        Path optimized = tempFile();
        try (Session s =
            e.open(m.toByteArray(), "fp16 probe", engine.withOptimizedModelPath(optimized))) {
          s.inputName(); // it loaded
          return result(m, OptimizedGraphs.read(optimized), blocked);
        } catch (EngineException ex) {
          var matcher = MISSING.matcher(String.valueOf(ex.getMessage()));
          if (!matcher.find() || !blocked.add(matcher.group(1))) {
            throw ex;
          }
        } finally {
          deleteQuietly(optimized);
        }
      }
    }
    throw new IllegalStateException("fp16 conversion did not converge; blocked " + blocked);
  }

  private static Result result(ModelProto m, ModelProto optimized, Set<String> blocked) {
    var f16 = new TreeMap<String, Integer>();
    var f32 = new TreeMap<String, Integer>();
    Map<String, Integer> castByEngine = OptimizedGraphs.computedInFloat32ByEngine(optimized);
    castByEngine.forEach((op, k) -> f32.put(op + " (engine cast to float32)", k));
    for (NodeProto n : optimized.getGraph().getNodeList()) {
      String op = n.getOpType();
      if (blocked.contains(op)) {
        f32.merge(op + " (kept in float32)", 1, Integer::sum);
      } else if (!op.equals("Cast")
          && !op.startsWith("Reorder")
          && !n.getName().startsWith(OptimizedGraphs.INSERTED_CAST_PREFIX)) {
        f16.merge(op, 1, Integer::sum);
      }
    }
    return new Result(m, f16, f32);
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("dnnbench-fp16-", ".onnx");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans it up
    }
  }

  /** The float16 model with the op types in {@code blocked} kept in float32. */
  static ModelProto convert(ModelProto prepared, Set<String> blocked) {
    GraphProto g = prepared.getGraph();
    Map<String, TensorProto> inits = new HashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    Set<String> outputs = new HashSet<>();
    g.getOutputList().forEach(o -> outputs.add(o.getName()));
    // 'true' = float32, 'false' = float16; absent = not a float tensor
    Map<String, Boolean> isF32 = new HashMap<>();
    g.getInputList().forEach(i -> isF32.put(i.getName(), true));
    inits.values().stream()
        .filter(t -> t.getDataType() == Tensors.FLOAT)
        .forEach(t -> isF32.put(t.getName(), true));
    Map<String, String> cast16 = new HashMap<>();
    Map<String, String> cast32 = new HashMap<>();
    List<TensorProto> newInits = new ArrayList<>();
    List<NodeProto> nodes = new ArrayList<>();
    Map<String, String> renamedOutput = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      boolean keep32 = blocked.contains(n.getOpType());
      var nb = n.toBuilder();
      for (int i = 0; i < nb.getInputCount(); i++) {
        String in = nb.getInput(i);
        Boolean f32 = isF32.get(in);
        if (in.isEmpty() || f32 == null) {
          continue;
        }
        TensorProto init = inits.get(in);
        if (init != null && f32) {
          // weights are stored in float16 whatever computes with them
          String half = in + ".fp16";
          if (cast16.putIfAbsent(in, half) == null) {
            newInits.add(Tensors.halfTensor(half, Tensors.floats(init), init.getDimsList()));
          }
          nb.setInput(
              i,
              keep32
                  ? cast32.computeIfAbsent(half, t -> cast(t, in + ".to_fp32", 1, nodes))
                  : half);
        } else if (keep32 && !f32) {
          nb.setInput(i, cast32.computeIfAbsent(in, t -> cast(t, t + ".to_fp32", 1, nodes)));
        } else if (!keep32 && f32) {
          {
            nb.setInput(i, cast16.computeIfAbsent(in, t -> cast(t, t + ".to_fp16", 10, nodes)));
          }
        }
      }
      boolean floatOut =
          !NON_FLOAT_OUTPUT.contains(n.getOpType())
              && !n.getOpType().equals("Cast")
              && n.getInputCount() > 0
              && isF32.containsKey(n.getInput(0));
      for (int i = 0; i < nb.getOutputCount(); i++) {
        String o = nb.getOutput(i);
        if (floatOut) {
          isF32.put(o, keep32);
          if (!keep32 && outputs.contains(o)) {
            renamedOutput.put(o, o + ".fp16");
            nb.setOutput(i, o + ".fp16");
          }
        }
      }
      nodes.add(nb.build());
      for (String o : n.getOutputList()) {
        if (renamedOutput.containsKey(o)) {
          cast(renamedOutput.get(o), o, 1, nodes);
        }
      }
    }
    var gb = g.toBuilder().clearNode().addAllNode(nodes).addAllInitializer(newInits);
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.getInputList()));
    var kept = new ArrayList<TensorProto>();
    for (TensorProto t : gb.getInitializerList()) {
      if (used.contains(t.getName()) || outputs.contains(t.getName())) {
        kept.add(t);
      }
    }
    gb.clearInitializer().addAllInitializer(kept);
    gb.clearValueInfo(); // element types changed; let the engine infer them
    return prepared.toBuilder()
        .setGraph(gb)
        .addMetadataProps(
            StringStringEntryProto.newBuilder()
                .setKey(QdqQuantizer.KEY_PRECISION)
                .setValue("fp16 (float32 input and outputs, Casts at the edges)"))
        .build();
  }

  /** Appends {@code Cast(in) -> out} to {@code nodes} and returns {@code out}. */
  private static String cast(String in, String out, int to, List<NodeProto> nodes) {
    nodes.add(
        NodeProto.newBuilder()
            .setOpType("Cast")
            .setName(out + ".Cast")
            .addInput(in)
            .addOutput(out)
            .addAttribute(Tensors.intAttribute("to", to))
            .build());
    return out;
  }
}
