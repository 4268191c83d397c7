package org.dnnbench.cli;

import java.time.Duration;
import java.util.Locale;
import org.dnnbench.accuracy.DatasetLayout;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.format.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters whose errors name the bad value and the valid choices. */
final class Converters {
  private Converters() {}

  /** A batch size: a whole number >= 1. */
  static final class BatchSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int b;
      try {
        b = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "batch sizes must be whole numbers >= 1, e.g. 1,2,4; got '" + value + "'");
      }
      if (b < 1) {
        throw new TypeConversionException("batch sizes must be >= 1, got '" + value + "'");
      }
      return b;
    }
  }

  /** A positive whole number. */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int v = Integer.parseInt(value.trim());
        if (v >= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new TypeConversionException("must be a whole number >= 1, got '" + value + "'");
    }
  }

  /** A MAC-counting convention by name. */
  static final class Convention implements ITypeConverter<MacConvention> {
    @Override
    public MacConvention convert(String value) {
      try {
        return MacConvention.byId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** An output format by name. */
  static final class Format implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.byId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A dataset layout by name. */
  static final class Layout implements ITypeConverter<DatasetLayout> {
    @Override
    public DatasetLayout convert(String value) {
      try {
        return DatasetLayout.byId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A number, or a fraction such as {@code 1/255}. */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        String[] p = value.split("/");
        double v =
            p.length == 2
                ? Double.parseDouble(p[0]) / Double.parseDouble(p[1])
                : Double.parseDouble(value);
        if (v > 0 && Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException(
          "must be a positive number or fraction such as 1/255, got '" + value + "'");
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT5M}). */
  static final class Budget implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt")) {
          return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        Duration d =
            switch (v.charAt(v.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              default -> null;
            };
        if (d != null && !d.isNegative() && !d.isZero()) {
          return d;
        }
      } catch (RuntimeException e) {
        // fall through to the message
      }
      throw new TypeConversionException(
          "must be a positive duration such as 90s, 5m or 2h, got '" + value + "'");
    }
  }

  /** An execution provider by id. */
  static final class Provider implements ITypeConverter<ExecutionProvider> {
    @Override
    public ExecutionProvider convert(String value) {
      try {
        return ExecutionProvider.byId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
