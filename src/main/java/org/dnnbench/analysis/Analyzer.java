package org.dnnbench.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;

/** Pure functions from a {@link ModelGraph} to its complexity: parameters, MACs, memory. */
public final class Analyzer {
  /** The study's batch sizes: 1, 2, 4, 8, 16, 32, 64. */
  public static final List<Integer> DEFAULT_BATCHES = List.of(1, 2, 4, 8, 16, 32, 64);

  private Analyzer() {}

  /** Analysis at the default batch sizes under the torchvision convention. */
  public static ModelAnalysis analyze(ModelGraph graph) {
    return analyze(graph, MacConvention.TORCHVISION, DEFAULT_BATCHES);
  }

  /** Analysis under {@code convention} with a memory estimate for each of {@code batches}. */
  public static ModelAnalysis analyze(
      ModelGraph graph, MacConvention convention, List<Integer> batches) {
    long params = 0;
    long buffers = 0;
    double macs = 0;
    var layers = new ArrayList<LayerStats>(graph.nodes().size());
    var uncounted = new java.util.TreeMap<String, Integer>();
    for (Node n : graph.nodes()) {
      if (n.op() instanceof org.dnnbench.graph.Uncounted u && u.output() == 0) {
        uncounted.merge(u.opType(), 1, Integer::sum);
      }
      long p = n.params();
      double m = convention.macs(n);
      params += p;
      buffers += n.buffers();
      macs += m;
      layers.add(new LayerStats(n.name(), n.op().type(), n.op().describe(), n.outputShape(), p, m));
    }
    long weightBytes = 4 * (params + buffers);
    Peak peak = peakActivations(graph);
    var memory = new ArrayList<MemoryEstimate>();
    for (int b : batches) {
      if (b < 1) {
        throw new IllegalArgumentException("batch sizes must be >= 1, got " + b);
      }
      memory.add(new MemoryEstimate(b, weightBytes, 4L * b * peak.elements, peak.node));
    }
    return new ModelAnalysis(
        graph.name(),
        graph.inputShape(),
        graph.outputShape(),
        params,
        buffers,
        convention,
        macs,
        layers,
        memory,
        uncounted);
  }

  private record Peak(long elements, String node) {}

  /**
   * The largest number of activation elements per sample alive at once. A tensor lives from the
   * node that produces it to its last reader (the output to the end); a view shares its source's
   * storage, which then lives until the view's last reader too. Constants (parameters used as
   * tensors, literals) are weights, not activations; a tensor computed from constants alone (e.g.
   * Swin's gathered position bias) is counted per sample, an overestimate by the batch size minus
   * one of a small tensor.
   */
  private static Peak peakActivations(ModelGraph graph) {
    List<Node> nodes = graph.nodes();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).name(), i);
    }
    // storage owner of each tensor (views resolve to their source)
    Map<String, String> owner = new HashMap<>();
    for (Node n : nodes) {
      owner.put(n.name(), n.op().aliasesInput() ? owner.get(n.inputs().get(0)) : n.name());
    }
    // last step at which each storage is read
    Map<String, Integer> lastUse = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      lastUse.merge(owner.get(n.name()), i, Math::max);
      for (String in : n.inputs()) {
        lastUse.merge(owner.get(in), i, Math::max);
      }
    }
    lastUse.put(owner.get(graph.output().name()), nodes.size());
    // sweep: +size at producer, -size after last use
    long[] delta = new long[nodes.size() + 2];
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      // a constant's storage is its weights (counted there), not an activation
      if (!n.op().aliasesInput() && !(n.op() instanceof Constant)) {
        delta[i] += n.outputShape().elements();
        delta[lastUse.get(n.name()) + 1] -= n.outputShape().elements();
      }
    }
    long live = 0;
    long best = -1;
    String at = nodes.get(0).name();
    for (int i = 0; i < nodes.size(); i++) {
      live += delta[i];
      if (live > best) {
        best = live;
        at = nodes.get(i).name();
      }
    }
    return new Peak(best, at);
  }
}
