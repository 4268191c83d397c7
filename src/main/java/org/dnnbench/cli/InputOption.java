package org.dnnbench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.engine.InputOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How a model's inputs are made: sizes of symbolic dimensions and ranges of integer inputs. */
final class InputOption {
  @Option(
      names = "--input-shape",
      paramLabel = "NAME=DIMS",
      converter = NamedDims.class,
      description =
          "Full shape of input NAME, batch first, e.g. images=1x3x640x640, for inputs with"
              + " symbolic dimensions of .onnx files (repeatable). A symbolic batch is still the"
              + " case's batch.")
  List<Map.Entry<String, List<Long>>> shapes = new ArrayList<>();

  @Option(
      names = "--input-size",
      paramLabel = "H[xW]",
      converter = Size.class,
      description =
          "Height and width of every rank-4 input whose last two dimensions are symbolic,"
              + " e.g. 640 or 640x480; for a catalog model, the input size to build it for"
              + " (default: its own, see 'dnnbench models'; a size it cannot take is refused"
              + " with sizes it accepts).")
  HeightWidth size;

  /** An image size. */
  record HeightWidth(int h, int w) {}

  @Option(
      names = "--input-range",
      paramLabel = "NAME=LO:HI",
      converter = NamedRange.class,
      description =
          "Integer input NAME gets values uniform in [LO, HI), e.g. input_ids=0:30522"
              + " (repeatable; default 0:2, and masks all ones).")
  List<Map.Entry<String, List<Long>>> ranges = new ArrayList<>();

  /** The options as the engine takes them. */
  InputOptions options() {
    Map<String, List<Long>> s = new LinkedHashMap<>();
    shapes.forEach(e -> s.put(e.getKey(), e.getValue()));
    Map<String, List<Long>> r = new LinkedHashMap<>();
    ranges.forEach(e -> r.put(e.getKey(), e.getValue()));
    return new InputOptions(s, size == null ? List.of() : List.of(size.h(), size.w()), r);
  }

  private static String[] split(String value, String what) {
    int eq = value.indexOf('=');
    if (eq < 1 || eq == value.length() - 1) {
      throw new TypeConversionException("must be " + what + ", got '" + value + "'");
    }
    return new String[] {value.substring(0, eq), value.substring(eq + 1)};
  }

  static final class NamedDims implements ITypeConverter<Map.Entry<String, List<Long>>> {
    @Override
    public Map.Entry<String, List<Long>> convert(String value) {
      String[] p = split(value, "NAME=DIMS like images=1x3x640x640");
      try {
        return Map.entry(p[0], InputOptions.parseDims(p[1], "--input-shape " + p[0]));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Size implements ITypeConverter<HeightWidth> {
    @Override
    public HeightWidth convert(String value) {
      List<Long> d;
      try {
        d = InputOptions.parseDims(value, "--input-size");
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (d.size() > 2 || d.stream().anyMatch(x -> x > 65536)) {
        throw new TypeConversionException(
            "--input-size must be H or HxW, each 1..65536, got '" + value + "'");
      }
      int h = (int) (long) d.get(0);
      return new HeightWidth(h, d.size() == 2 ? (int) (long) d.get(1) : h);
    }
  }

  static final class NamedRange implements ITypeConverter<Map.Entry<String, List<Long>>> {
    @Override
    public Map.Entry<String, List<Long>> convert(String value) {
      String[] p = split(value, "NAME=LO:HI like input_ids=0:30522");
      String[] r = p[1].split(":");
      try {
        long lo = Long.parseLong(r[0].strip());
        long hi = Long.parseLong(r[1].strip());
        if (r.length != 2 || lo >= hi) {
          throw new NumberFormatException();
        }
        return Map.entry(p[0], List.of(lo, hi));
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "--input-range must be NAME=LO:HI with whole numbers LO < HI, got '" + value + "'");
      }
    }
  }
}
