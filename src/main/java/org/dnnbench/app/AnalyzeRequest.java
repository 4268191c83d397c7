package org.dnnbench.app;

import java.util.List;
import org.dnnbench.analysis.MacConvention;

/**
 * What to analyze.
 *
 * @param models catalog ids (or ONNX files, where supported), in output order
 * @param convention how MACs are counted
 * @param batches batch sizes for the memory estimate
 */
public record AnalyzeRequest(List<String> models, MacConvention convention, List<Integer> batches) {
  public AnalyzeRequest {
    models = List.copyOf(models);
    batches = List.copyOf(batches);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to analyze: name ids or use --all");
    }
  }
}
