package org.dnnbench.engine;

import java.util.List;
import java.util.Objects;

/**
 * One input as the model declares it.
 *
 * @param name the input's name
 * @param type its element type: {@code float32}, {@code float16}, {@code int64}, {@code int32},
 *     {@code bool}, or another ONNX type name
 * @param dims its dimensions, batch first; -1 where symbolic
 * @param dimNames the symbolic dimensions' names ({@code ""} where fixed or unnamed)
 */
public record ModelInput(String name, String type, List<Long> dims, List<String> dimNames) {
  public ModelInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dims = List.copyOf(dims);
    dimNames = List.copyOf(dimNames);
  }

  /** {@code 1x3xheightxwidth}: fixed dims as numbers, symbolic ones by name (or {@code ?}). */
  public String describe() {
    var sb = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      if (i > 0) {
        sb.append('x');
      }
      long d = dims.get(i);
      String n = i < dimNames.size() ? dimNames.get(i) : "";
      sb.append(d >= 0 ? Long.toString(d) : n.isEmpty() ? "?" : n);
    }
    return sb.toString();
  }
}
