package org.dnnbench.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;

/**
 * The one table of how the exporter writes each graph op, keyed by the op's record class (every
 * {@link Op} but {@code Input}, which is the graph's input, not a node): the families register
 * their emitters here, and a test checks that the table covers the sealed set.
 */
final class EmitterTable {
  private static final Map<Class<? extends Op>, OpEmitter<Op>> TABLE = build();

  private EmitterTable() {}

  /** Collects one family's emitters. */
  static final class Registry {
    private final Map<Class<? extends Op>, OpEmitter<Op>> table;

    private Registry(Map<Class<? extends Op>, OpEmitter<Op>> table) {
      this.table = table;
    }

    <T extends Op> void put(Class<T> type, OpEmitter<T> emitter) {
      if (table.put(type, (op, n, g) -> emitter.emit(type.cast(op), n, g)) != null) {
        throw new IllegalStateException(type.getSimpleName() + " has two emitters");
      }
    }
  }

  private static Map<Class<? extends Op>, OpEmitter<Op>> build() {
    var t = new LinkedHashMap<Class<? extends Op>, OpEmitter<Op>>();
    var r = new Registry(t);
    LayerEmitters.register(r);
    PointwiseEmitters.register(r);
    ShapeEmitters.register(r);
    // a node the importer could not count has no ONNX of dnnbench's: export the original file
    r.put(
        org.dnnbench.graph.Uncounted.class,
        (op, n, g) -> {
          throw new IllegalArgumentException(
              "node '"
                  + n.name()
                  + "' is ONNX op '"
                  + op.opType()
                  + "', which dnnbench imported uncounted and cannot export; use the original"
                  + " ONNX file");
        });
    return Collections.unmodifiableMap(t);
  }

  /** Writes node {@code n} into {@code g}. */
  static void emit(Node n, ExportGraph g) {
    OpEmitter<Op> e = TABLE.get(n.op().getClass());
    if (e == null) {
      throw new IllegalStateException(
          "no ONNX mapping for op " + n.op().type() + " of node '" + n.name() + "'");
    }
    e.emit(n.op(), n, g);
  }

  /** The op classes the exporter writes. */
  static Set<Class<? extends Op>> ops() {
    return TABLE.keySet();
  }
}
