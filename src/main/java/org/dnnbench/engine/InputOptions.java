package org.dnnbench.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the inputs of a model are made, as the user gave them: full shapes per input name ({@code
 * --input-shape images=1x3x640x640}), the common image size ({@code --input-size 640x640}: the last
 * two dimensions of every rank-4 input whose height and width are symbolic), and value ranges of
 * integer inputs ({@code --input-range input_ids=0:30522}, values in {@code [lo, hi)}).
 *
 * @param shapes full shapes by input name, batch first (the batch given there is replaced by the
 *     case's batch when the model's batch is symbolic)
 * @param size the image size {@code [H, W]}, or empty
 * @param ranges value ranges by integer input name, {@code [lo, hi)}
 */
public record InputOptions(
    Map<String, List<Long>> shapes, List<Integer> size, Map<String, List<Long>> ranges) {
  /** No options: only the batch may be symbolic. */
  public static final InputOptions NONE = new InputOptions(Map.of(), List.of(), Map.of());

  /** Integer inputs get values in {@code [0, 2)} unless a range is given: safe for any table. */
  public static final List<Long> DEFAULT_RANGE = List.of(0L, 2L);

  public InputOptions {
    shapes = shapes == null ? Map.of() : copy(shapes);
    size = size == null ? List.of() : List.copyOf(size);
    ranges = ranges == null ? Map.of() : copy(ranges);
    if (!size.isEmpty() && size.size() != 2) {
      throw new IllegalArgumentException("input size needs H and W, got " + size);
    }
    for (var e : ranges.entrySet()) {
      List<Long> r = e.getValue();
      if (r.size() != 2 || r.get(0) >= r.get(1)) {
        throw new IllegalArgumentException(
            "input range of '" + e.getKey() + "' must be LO:HI with LO < HI, got " + r);
      }
    }
  }

  private static Map<String, List<Long>> copy(Map<String, List<Long>> m) {
    var out = new TreeMap<String, List<Long>>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The range of an integer input: its own or the default. */
  public List<Long> range(String input) {
    return ranges.getOrDefault(input, DEFAULT_RANGE);
  }

  /** Parses {@code 1x3x640x640} (positive dimensions). */
  public static List<Long> parseDims(String text, String what) {
    var out = new java.util.ArrayList<Long>();
    for (String p : text.strip().split("[xX,]")) {
      long d;
      try {
        d = Long.parseLong(p.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            what + " must be dimensions like 1x3x224x224, got '" + text + "'");
      }
      if (d < 1) {
        throw new IllegalArgumentException(what + " dimensions must be >= 1, got '" + text + "'");
      }
      out.add(d);
    }
    return List.copyOf(out);
  }
}
