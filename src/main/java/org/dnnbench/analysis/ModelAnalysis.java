package org.dnnbench.analysis;

import java.util.List;
import org.dnnbench.graph.Shape;

/**
 * Everything the analysis knows about one model. Sizes in MB are 10^6 bytes.
 *
 * @param model model name
 * @param inputShape per-sample input shape
 * @param outputShape per-sample output shape
 * @param params trainable parameters
 * @param buffers stored non-trainable values (batch-norm running statistics)
 * @param convention how MACs were counted
 * @param macs multiply-accumulates per image
 * @param layers per-layer table; its params and MACs sum to the totals
 * @param memory the memory estimate per requested batch size
 * @param uncounted nodes whose op dnnbench cannot count, by op type (imported at the shapes ONNX
 *     Runtime gives them and counted as zero MACs); empty when every node is counted
 */
public record ModelAnalysis(
    String model,
    Shape inputShape,
    Shape outputShape,
    long params,
    long buffers,
    MacConvention convention,
    double macs,
    List<LayerStats> layers,
    List<MemoryEstimate> memory,
    java.util.SortedMap<String, Integer> uncounted) {

  public ModelAnalysis {
    layers = List.copyOf(layers);
    memory = List.copyOf(memory);
    uncounted = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(uncounted));
  }

  /**
   * {@code "3 nodes uncounted: NonMaxSuppression x1, TopK x2"}, or empty when every node is
   * counted.
   */
  public String uncountedNote() {
    int total = uncounted.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return "";
    }
    var parts = new java.util.ArrayList<String>();
    uncounted.forEach((op, k) -> parts.add(op + " x" + k));
    return total + (total == 1 ? " node" : " nodes") + " uncounted: " + String.join(", ", parts);
  }

  /** FLOPs per image: 2 x MACs. */
  public double flops() {
    return 2 * macs;
  }

  /** Size of the parameter file (weights and buffers) in fp32 bytes. */
  public long paramFileBytes() {
    return 4 * (params + buffers);
  }

  /** Size of the parameter file in fp16 bytes. */
  public long paramFileBytesFp16() {
    return 2 * (params + buffers);
  }

  /** Parameter-file size in MB (fp32). */
  public double paramMb() {
    return paramFileBytes() / 1e6;
  }

  /** Input side for square image inputs, else -1. */
  public int inputSize() {
    return inputShape.isFeatureMap() && inputShape.height() == inputShape.width()
        ? inputShape.height()
        : -1;
  }
}
