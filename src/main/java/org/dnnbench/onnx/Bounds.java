package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The limits the importer holds a file to before it allocates or computes anything, so that a
 * corrupt or hostile file gives a one-line error instead of an out-of-memory error, a hang or a
 * nonsense count.
 */
final class Bounds {
  /** ONNX IR versions read: 3 (ONNX 1.0, the first with opset imports) to 10 (ONNX 1.16). */
  static final long MIN_IR = 3;

  static final long MAX_IR = 10;

  /** Opsets of the default domain read: 1 to 23. */
  static final long MAX_OPSET = 23;

  /** Most elements of a constant the importer folds (decodes) itself: 16 Mi. */
  static final long MAX_FOLD_ELEMENTS = 1L << 24;

  /** Most elements of any tensor: 2^40 (4 TiB of float32, beyond any 2 GB protobuf). */
  static final long MAX_ELEMENTS = 1L << 40;

  /** Most zero padding of one side of a Pad node. */
  static final long MAX_PAD = 4096;

  private Bounds() {}

  /** Refuses IR versions and default-domain opsets outside the ranges above. */
  static void checkVersions(ModelProto m, String source) {
    if (m.getIrVersion() < MIN_IR || m.getIrVersion() > MAX_IR) {
      throw new ImportException(
          "ONNX file '"
              + source
              + "' has IR version "
              + m.getIrVersion()
              + "; dnnbench reads IR versions "
              + MIN_IR
              + " to "
              + MAX_IR
              + " (re-export it, e.g. with torch.onnx.export(..., opset_version=17))");
    }
    boolean defaultDomain = false;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        defaultDomain = true;
        if (o.getVersion() < 1 || o.getVersion() > MAX_OPSET) {
          throw new ImportException(
              "ONNX file '"
                  + source
                  + "' imports opset "
                  + o.getVersion()
                  + " of the default domain; dnnbench reads opsets 1 to "
                  + MAX_OPSET);
        }
      }
    }
    if (!defaultDomain) {
      throw new ImportException(
          "ONNX file '" + source + "' imports no opset of the default ONNX domain");
    }
  }

  /** The tensor's element count, checked: no negative dims, no overflow, at most the limit. */
  static long elements(TensorProto t) {
    long n = 1;
    for (long d : t.getDimsList()) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor '"
                + t.getName()
                + "' has a negative dimension "
                + d
                + " in "
                + t.getDimsList());
      }
      if (d != 0 && n > MAX_ELEMENTS / d) {
        throw new IllegalArgumentException(
            "tensor '"
                + t.getName()
                + "' claims dims "
                + t.getDimsList()
                + ", over the limit of "
                + MAX_ELEMENTS
                + " elements");
      }
      n *= d;
    }
    return n;
  }

  /** Bytes per element of an ONNX data type, or 0 when unknown or variable (strings). */
  static int width(int dataType) {
    return switch (dataType) {
      case 2, 3, 9 -> 1; // UINT8, INT8, BOOL
      case 4, 5, 10, 16 -> 2; // UINT16, INT16, FLOAT16, BFLOAT16
      case 1, 6, 12 -> 4; // FLOAT, INT32, UINT32
      case 7, 11, 13, 14 -> 8; // INT64, DOUBLE, UINT64, COMPLEX64
      case 15 -> 16; // COMPLEX128
      default -> 0;
    };
  }

  /**
   * Checks an initializer's claimed size against the data it holds (raw bytes or a typed list) and
   * its floats for NaN, before anything reads it. Data kept in external files is not checked here.
   */
  static void checkData(TensorProto t) {
    long n = elements(t);
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      return;
    }
    int width = width(t.getDataType());
    if (width == 0) {
      return;
    }
    long have;
    String unit;
    if (!t.getRawData().isEmpty()) {
      have = t.getRawData().size();
      n *= width;
      unit = "bytes";
    } else {
      have =
          switch (t.getDataType()) {
            case 1 -> t.getFloatDataCount();
            case 14 -> t.getFloatDataCount() / 2;
            case 7 -> t.getInt64DataCount();
            case 11 -> t.getDoubleDataCount();
            case 15 -> t.getDoubleDataCount() / 2;
            case 12, 13 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
          };
      unit = "values";
    }
    if (have != n) {
      throw new IllegalArgumentException(
          "tensor '"
              + t.getName()
              + "' claims dims "
              + t.getDimsList()
              + " ("
              + n
              + " "
              + unit
              + ") but holds "
              + have
              + " "
              + unit
              + " (truncated or corrupt file?)");
    }
    checkFinite(t);
  }

  /** Refuses NaN in float and double data (a weight that is NaN makes every output NaN). */
  private static void checkFinite(TensorProto t) {
    long bad = -1;
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (t.getDataType() == 1) {
        var f = b.asFloatBuffer();
        for (int i = 0; i < f.limit() && bad < 0; i++) {
          if (Float.isNaN(f.get(i))) {
            bad = i;
          }
        }
      } else if (t.getDataType() == 11) {
        var d = b.asDoubleBuffer();
        for (int i = 0; i < d.limit() && bad < 0; i++) {
          if (Double.isNaN(d.get(i))) {
            bad = i;
          }
        }
      } else if (t.getDataType() == 10) {
        var s = b.asShortBuffer();
        for (int i = 0; i < s.limit() && bad < 0; i++) {
          int h = s.get(i) & 0xffff;
          if ((h & 0x7c00) == 0x7c00 && (h & 0x03ff) != 0) {
            bad = i;
          }
        }
      }
    } else if (t.getDataType() == 1) {
      for (int i = 0; i < t.getFloatDataCount() && bad < 0; i++) {
        if (Float.isNaN(t.getFloatData(i))) {
          bad = i;
        }
      }
    }
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "tensor '" + t.getName() + "' holds NaN (element " + bad + "); the weights are corrupt");
    }
  }

  /** {@code value} as an int in {@code [min, max]}, or an error naming the attribute and node. */
  static int intIn(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " is " + value + "; it must be between " + min + " and " + max);
    }
    return (int) value;
  }

  /** A size (kernel, stride, dilation, channels): between 1 and 2^31 - 1. */
  static int positive(String what, long value) {
    return intIn(what, value, 1, Integer.MAX_VALUE);
  }
}
