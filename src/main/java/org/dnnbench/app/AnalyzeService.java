package org.dnnbench.app;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.LayerStats;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.format.Table;

/** Analyzes models and lays the results out as tables. */
public final class AnalyzeService {
  private AnalyzeService() {}

  /** One analysis per requested model, in order. */
  public static List<ModelAnalysis> analyze(AnalyzeRequest request) {
    var out = new ArrayList<ModelAnalysis>(request.models().size());
    for (String m : request.models()) {
      out.add(
          Analyzer.analyze(
              ModelSource.resolve(m, request.inputs()), request.convention(), request.batches()));
    }
    return out;
  }

  /**
   * One row per model: {@code model,input_size,params,param_mb,macs,flops}, then {@code
   * mem_mb_b<N>} per batch size, then {@code param_mb_fp16} and {@code mem_peak_at} (the node
   * during which the activation peak occurs). MB are 10^6 bytes.
   */
  public static Table summaryTable(List<ModelAnalysis> analyses, List<Integer> batches) {
    var cols =
        new ArrayList<>(List.of("model", "input_size", "params", "param_mb", "macs", "flops"));
    batches.forEach(b -> cols.add("mem_mb_b" + b));
    cols.add("param_mb_fp16");
    cols.add("mem_peak_at");
    var t = Table.withColumns(cols);
    for (ModelAnalysis a : analyses) {
      var row = new ArrayList<Object>();
      row.add(a.model());
      row.add(a.inputSize() > 0 ? a.inputSize() : null);
      row.add(a.params());
      row.add(round(a.paramMb(), 3));
      row.add(count(a.macs()));
      row.add(count(a.flops()));
      for (MemoryEstimate m : a.memory()) {
        row.add(round(m.totalMb(), 1));
      }
      row.add(round(a.paramFileBytesFp16() / 1e6, 3));
      row.add(a.memory().isEmpty() ? null : a.memory().get(0).peakNode());
      t.row(row);
    }
    return t.build();
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
