package org.dnnbench.app;

import java.util.List;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.engine.InputOptions;

/**
 * What to analyze.
 *
 * @param models catalog ids (or ONNX files, where supported), in output order
 * @param convention how MACs are counted
 * @param batches batch sizes for the memory estimate
 * @param inputs sizes of ONNX files' symbolic input dimensions
 */
public record AnalyzeRequest(
    List<String> models, MacConvention convention, List<Integer> batches, InputOptions inputs) {
  /** A request for models whose inputs need no sizes. */
  public AnalyzeRequest(List<String> models, MacConvention convention, List<Integer> batches) {
    this(models, convention, batches, InputOptions.NONE);
  }

  public AnalyzeRequest {
    inputs = inputs == null ? InputOptions.NONE : inputs;
    models = List.copyOf(models);
    batches = List.copyOf(batches);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to analyze: name ids or use --all");
    }
  }
}
