package org.dnnbench.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.LayerStats;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.format.Table;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.quant.ParameterSizes;
import org.dnnbench.results.Precision;

/** Analyzes models and lays the results out as tables. */
public final class AnalyzeService {
  private AnalyzeService() {}

  /** One analysis per requested model, in order. */
  public static List<ModelAnalysis> analyze(AnalyzeRequest request) {
    return analyzeWithSizes(request).analyses();
  }

  /**
   * Analyses with the parameter-file size of each model in int8 ({@link ParameterSizes}).
   *
   * @param analyses one per model, in order
   * @param int8ParamBytes model to the bytes of its int8 parameter file
   */
  public record Analyzed(List<ModelAnalysis> analyses, Map<String, Long> int8ParamBytes) {
    public Analyzed {
      analyses = List.copyOf(analyses);
      int8ParamBytes = Map.copyOf(int8ParamBytes);
    }
  }

  /** One analysis per requested model, in order, with its int8 parameter-file size. */
  public static Analyzed analyzeWithSizes(AnalyzeRequest request) {
    var out = new ArrayList<ModelAnalysis>(request.models().size());
    var int8 = new HashMap<String, Long>();
    for (String m : request.models()) {
      ModelGraph g = ModelSource.resolve(m, request.inputs());
      ModelAnalysis a = Analyzer.analyze(g, request.convention(), request.batches());
      out.add(a);
      int8.put(a.model(), ParameterSizes.bytes(g, Precision.INT8));
    }
    return new Analyzed(out, int8);
  }

  /** {@link #summaryTable(List, List, Map)} without the int8 size. */
  public static Table summaryTable(List<ModelAnalysis> analyses, List<Integer> batches) {
    return summaryTable(analyses, batches, Map.of());
  }

  /**
   * One line per model with nodes dnnbench cannot count: {@code note: MODEL: 3 nodes uncounted:
   * NonMaxSuppression x1, TopK x2 (...)}.
   */
  public static List<String> notes(List<ModelAnalysis> analyses) {
    return analyses.stream()
        .filter(a -> !a.uncountedNote().isEmpty())
        .map(
            a ->
                "note: "
                    + a.model()
                    + ": "
                    + a.uncountedNote()
                    + " (ops dnnbench cannot count, taken at the shapes ONNX Runtime gives them"
                    + " and counted as 0 MACs)")
        .toList();
  }

  /**
   * {@link #notes} for the ONNX files among {@code models} (what {@code bench} counts them by);
   * files the importer cannot read are left out (their cases report why).
   */
  public static List<String> fileNotes(
      List<String> models, org.dnnbench.engine.InputOptions inputs) {
    var analyses = new ArrayList<ModelAnalysis>();
    for (String m : models) {
      if (ModelSource.onnxFile(m).isPresent()) {
        try {
          analyses.add(
              Analyzer.analyze(
                  ModelSource.resolve(m, inputs), MacConvention.TORCHVISION, List.of()));
        } catch (RuntimeException e) {
          // not analyzable: bench's own table says what happened to the file
        }
      }
    }
    return notes(analyses);
  }

  /**
   * One row per model: {@code model,input_size,params,param_mb,macs,flops}, then {@code
   * mem_mb_b<N>} per batch size, then the parameter file in the other precisions, {@code
   * param_mb_fp16} and {@code param_mb_int8} (int8 weights with their scales, {@link
   * ParameterSizes}; empty when not given), {@code mem_peak_at} (the node during which the
   * activation peak occurs) and {@code uncounted} (nodes dnnbench cannot count, by op; empty when
   * none). MB are 10^6 bytes.
   */
  public static Table summaryTable(
      List<ModelAnalysis> analyses, List<Integer> batches, Map<String, Long> int8ParamBytes) {
    var cols =
        new ArrayList<>(List.of("model", "input_size", "params", "param_mb", "macs", "flops"));
    batches.forEach(b -> cols.add("mem_mb_b" + b));
    cols.add("param_mb_fp16");
    cols.add("param_mb_int8");
    cols.add("mem_peak_at");
    cols.add("uncounted");
    var t = Table.withColumns(cols);
    for (ModelAnalysis a : analyses) {
      var row = new ArrayList<Object>();
      row.add(a.model());
      row.add(inputSize(a));
      row.add(a.params());
      row.add(round(a.paramMb(), 3));
      row.add(count(a.macs()));
      row.add(count(a.flops()));
      for (MemoryEstimate m : a.memory()) {
        row.add(round(m.totalMb(), 1));
      }
      row.add(round(a.paramFileBytesFp16() / 1e6, 3));
      Long int8 = int8ParamBytes.get(a.model());
      row.add(int8 == null ? null : round(int8 / 1e6, 3));
      row.add(a.memory().isEmpty() ? null : a.memory().get(0).peakNode());
      row.add(a.uncountedNote().isEmpty() ? null : a.uncountedNote());
      t.row(row);
    }
    return t.build();
  }

  /**
   * The {@code input_size} cell: the side of a square image input, {@code HxW} of another image
   * input (a non-square {@code --input-size}), else empty.
   */
  static Object inputSize(ModelAnalysis a) {
    if (a.inputSize() > 0) {
      return a.inputSize();
    }
    var s = a.inputShape();
    return s.isFeatureMap() ? s.height() + "x" + s.width() : null;
  }

  /** The per-layer table with a closing {@code total} row. */
  public static Table layerTable(ModelAnalysis a) {
    var t = Table.withColumns("layer", "op", "attributes", "output", "params", "macs");
    for (LayerStats l : a.layers()) {
      t.row(
          l.name(),
          l.op(),
          l.attributes(),
          l.outputShape().toString(),
          l.params(),
          count(l.macs()));
    }
    t.row("total", "", "", a.outputShape().toString(), a.params(), count(a.macs()));
    return t.build();
  }

  /** A count that is whole under the default convention stays an integer. */
  static Object count(double v) {
    return v == Math.rint(v) && Math.abs(v) < 9e15 ? (Object) (long) v : (Object) v;
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
