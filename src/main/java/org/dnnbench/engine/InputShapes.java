package org.dnnbench.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the shape of every model input for one batch size: fixed dimensions as the model has
 * them, a symbolic first dimension as the batch, other symbolic dimensions from the user's {@link
 * InputOptions}. A fixed first dimension is the model's batch and is kept: a case at another batch
 * size is refused with a message that says so.
 */
public final class InputShapes {
  private InputShapes() {}

  /** One resolved input: its name, element type and full shape. */
  public record Resolved(String name, String type, List<Long> shape) {
    public Resolved {
      shape = List.copyOf(shape);
    }

    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * The full shape of each input at {@code batch}.
   *
   * @throws IllegalArgumentException with one line naming the input, its symbolic dims and the
   *     option that gives them
   */
  public static List<Resolved> resolve(
      List<ModelInput> inputs, InputOptions options, int batch, String label) {
    for (String named : options.shapes().keySet()) {
      if (inputs.stream().noneMatch(i -> i.name().equals(named))) {
        throw new IllegalArgumentException(
            "--input-shape names '"
                + named
                + "', which is not an input of '"
                + label
                + "'; its inputs: "
                + inputs.stream().map(ModelInput::name).toList());
      }
    }
    var out = new ArrayList<Resolved>();
    for (ModelInput in : inputs) {
      List<Long> dims = in.dims();
      List<Long> shape = new ArrayList<>(dims);
      List<Long> given = options.shapes().get(in.name());
      if (given != null) {
        if (given.size() != dims.size()) {
          throw new IllegalArgumentException(
              "--input-shape "
                  + in.name()
                  + " has "
                  + given.size()
                  + " dims but input '"
                  + in.name()
                  + "' of '"
                  + label
                  + "' is "
                  + in.describe());
        }
        for (int i = 0; i < dims.size(); i++) {
          if (dims.get(i) >= 0 && !dims.get(i).equals(given.get(i))) {
            throw new IllegalArgumentException(
                "--input-shape "
                    + in.name()
                    + "="
                    + join(given)
                    + " disagrees with the fixed"
                    + " dims of input '"
                    + in.name()
                    + "' of '"
                    + label
                    + "': "
                    + in.describe());
          }
          shape.set(i, given.get(i));
        }
      }
      if (!dims.isEmpty() && dims.get(0) < 0) {
        shape.set(0, (long) batch);
      } else if (!dims.isEmpty() && dims.get(0) != batch) {
        throw new IllegalArgumentException(
            "'"
                + label
                + "' has a fixed batch of "
                + dims.get(0)
                + " (input '"
                + in.name()
                + "' is "
                + in.describe()
                + "); run it with --batch "
                + dims.get(0));
      }
      if (!options.size().isEmpty() && dims.size() == 4) {
        for (int i = 2; i < 4; i++) {
          if (shape.get(i) < 0) {
            shape.set(i, (long) options.size().get(i - 2));
          }
        }
      }
      var missing = new ArrayList<String>();
      for (int i = 1; i < shape.size(); i++) {
        if (shape.get(i) < 0) {
          String n = in.dimNames().size() > i ? in.dimNames().get(i) : "";
          missing.add(i + (n.isEmpty() ? "" : " '" + n + "'"));
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "input '"
                + in.name()
                + "' of '"
                + label
                + "' is "
                + in.describe()
                + ": symbolic dims "
                + missing
                + " need a size; give --input-shape "
                + in.name()
                + "="
                + example(in)
                + (dims.size() == 4 ? " or --input-size H[xW]" : ""));
      }
      out.add(new Resolved(in.name(), in.type(), shape));
    }
    return out;
  }

  private static String example(ModelInput in) {
    var sb = new StringBuilder();
    for (int i = 0; i < in.dims().size(); i++) {
      if (i > 0) {
        sb.append('x');
      }
      long d = in.dims().get(i);
      sb.append(d >= 0 ? Long.toString(d) : i == 0 ? "1" : "N");
    }
    return sb.toString();
  }

  private static String join(List<Long> dims) {
    var sb = new StringBuilder();
    for (long d : dims) {
      if (sb.length() > 0) {
        sb.append('x');
      }
      sb.append(d);
    }
    return sb.toString();
  }

  /** Whether an input is a mask by its name (filled with ones, not a range). */
  public static boolean isMask(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).contains("mask");
  }
}
