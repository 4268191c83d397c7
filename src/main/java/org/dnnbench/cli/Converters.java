package org.dnnbench.cli;

import org.dnnbench.analysis.MacConvention;
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
}
