package org.dnnbench.quant;

import java.util.HashMap;
import java.util.Map;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.results.Precision;

/**
 * The size of a model's parameter file in each precision, from its graph (no export needed).
 *
 * <ul>
 *   <li>fp32: 4 bytes per parameter and buffer;
 *   <li>fp16: 2 bytes per parameter and buffer;
 *   <li>int8, as {@link QdqQuantizer} writes it: each Conv and fully connected weight 1 byte, plus
 *       per output channel a 4-byte scale and a 1-byte zero point; their bias (or the bias a
 *       BatchNorm folded into the convolution before it leaves, the BatchNorm then costing nothing)
 *       int32 with a 4-byte scale and a 4-byte zero point per channel (12 bytes); every other
 *       parameter and buffer stays fp32 (4 bytes). The activations' scales and zero points (5 bytes
 *       per quantized tensor) are not counted.
 * </ul>
 */
public final class ParameterSizes {
  private ParameterSizes() {}

  /** Bytes of the parameter file of {@code graph} in {@code precision}. */
  public static long bytes(ModelGraph graph, Precision precision) {
    long all = 0;
    for (Node n : graph.nodes()) {
      all += n.params() + n.buffers();
    }
    return switch (precision) {
      case FP32 -> 4 * all;
      case FP16 -> 2 * all;
      case INT8 -> int8Bytes(graph);
    };
  }

  private static long int8Bytes(ModelGraph graph) {
    Map<String, Integer> readers = new HashMap<>();
    Map<String, Node> byName = new HashMap<>();
    for (Node n : graph.nodes()) {
      byName.put(n.name(), n);
      n.inputs().forEach(i -> readers.merge(i, 1, Integer::sum));
    }
    Map<String, Boolean> foldedInto = new HashMap<>(); // a convolution given a BatchNorm's bias
    long bytes = 0;
    for (Node n : graph.nodes()) {
      if (n.op() instanceof BatchNorm && n.inputs().size() == 1) {
        Node conv = byName.get(n.inputs().get(0));
        if (conv != null
            && conv.op() instanceof Conv2d
            && readers.getOrDefault(conv.name(), 0) == 1) {
          foldedInto.put(conv.name(), true);
          continue; // folded: its values live in the convolution's weights and bias
        }
      }
      bytes += 4 * (n.params() + n.buffers());
    }
    for (Node n : graph.nodes()) {
      int channels;
      boolean bias;
      if (n.op() instanceof Conv2d c) {
        channels = c.outChannels();
        bias = c.bias() || foldedInto.containsKey(n.name());
      } else if (n.op() instanceof Linear l) {
        channels = l.outFeatures();
        bias = l.bias();
      } else {
        continue;
      }
      long weights = n.params() - (bias && !foldedOnly(n, foldedInto) ? channels : 0);
      bytes -= 4 * n.params(); // counted as fp32 above
      bytes += weights + 5L * channels + (bias ? 12L * channels : 0);
    }
    return bytes;
  }

  /** Whether the convolution's bias comes only from a folded BatchNorm (it has none of its own). */
  private static boolean foldedOnly(Node n, Map<String, Boolean> foldedInto) {
    return n.op() instanceof Conv2d c && !c.bias() && foldedInto.containsKey(n.name());
  }
}
