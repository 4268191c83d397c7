package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The fuzz corpus generator of {@link OnnxFuzzTest}: from valid seed files, a fixed-seed stream of
 * mutants, byte-level (flips, truncations) and protobuf-level (huge, negative and zero dims, bad
 * attributes, missing initializers, cycles, NaN weights, bad opsets and IR versions, missing or
 * retyped nodes, odd inputs). Deterministic: the same seeds and seed number give the same corpus.
 */
final class OnnxMutator {
  /** One mutant: what was done to which seed, and the bytes. */
  record Mutant(String name, byte[] bytes) {}

  private static final long[] HUGE = {
    Integer.MAX_VALUE, 1_000_000_000L, 1L << 40, Long.MAX_VALUE, (1L << 32) + 1
  };
  private static final long[] ODD = {0, -1, -7, 1_000_000, (1L << 32) + 1, Long.MIN_VALUE, 3};
  private static final String[] OPS = {
    "Conv", "Relu", "Reshape", "Gemm", "MatMul", "Concat", "Slice", "Erf", "NonMaxSuppression", ""
  };

  private final Random rnd;

  OnnxMutator(long seed) {
    this.rnd = new Random(seed);
  }

  /** The next mutant, number {@code i}, of seed {@code i} modulo the seeds (made one at a time). */
  Mutant next(List<Mutant> seeds, int i) {
    return mutate(seeds.get(i % seeds.size()), i);
  }

  private Mutant mutate(Mutant seed, int i) {
    int kind = rnd.nextInt(16);
    String what;
    byte[] b;
    if (kind == 0) {
      b = seed.bytes().clone();
      int flips = 1 + rnd.nextInt(8);
      for (int k = 0; k < flips; k++) {
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
      what = "flip" + flips;
    } else if (kind == 1) {
      b = Arrays.copyOf(seed.bytes(), rnd.nextInt(seed.bytes().length));
      what = "truncate";
    } else {
      ModelProto m;
      try {
        m = ModelProto.parseFrom(seed.bytes());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("seed " + seed.name() + " does not parse", e);
      }
      var mb = m.toBuilder();
      what = protoMutation(kind, mb);
      b = mb.build().toByteArray();
    }
    return new Mutant(String.format("%04d-%s-%s", i, seed.name(), what), b);
  }

  private String protoMutation(int kind, ModelProto.Builder m) {
    GraphProto.Builder g = m.getGraphBuilder();
    int inits = g.getInitializerCount();
    int nodes = g.getNodeCount();
    switch (kind) {
      case 2, 3, 4 -> {
        if (inits == 0) {
          return "none";
        }
        int t = rnd.nextInt(inits);
        TensorProto.Builder tb = g.getInitializerBuilder(t);
        if (tb.getDimsCount() == 0) {
          tb.addDims(1);
        }
        int d = rnd.nextInt(tb.getDimsCount());
        long v = kind == 2 ? pick(HUGE) : kind == 3 ? -1 - rnd.nextInt(5) : 0;
        tb.setDims(d, v);
        return "dim" + v;
      }
      case 5, 6 -> {
        if (nodes == 0) {
          return "none";
        }
        NodeProto.Builder nb = g.getNodeBuilder(rnd.nextInt(nodes));
        if (nb.getAttributeCount() == 0 || rnd.nextInt(4) == 0) {
          String name = pick(new String[] {"group", "strides", "pads", "axis", "kernel_shape"});
          nb.addAttribute(
              name.equals("group") || name.equals("axis")
                  ? AttributeProto.newBuilder()
                      .setName(name)
                      .setType(AttributeProto.AttributeType.INT)
                      .setI(pick(ODD))
                  : AttributeProto.newBuilder()
                      .setName(name)
                      .setType(AttributeProto.AttributeType.INTS)
                      .addInts(pick(ODD)));
          return "attr+" + name;
        }
        AttributeProto.Builder ab = nb.getAttributeBuilder(rnd.nextInt(nb.getAttributeCount()));
        if (ab.getIntsCount() > 0) {
          if (rnd.nextBoolean()) {
            ab.setInts(rnd.nextInt(ab.getIntsCount()), pick(ODD));
          } else {
            ab.clearInts().addInts(pick(ODD));
          }
        } else if (ab.hasT()) {
          ab.getTBuilder().clearDims().addDims(pick(HUGE));
        } else {
          ab.setI(pick(ODD)).setF(Float.NaN);
        }
        return "attr-" + ab.getName();
      }
      case 7 -> {
        if (inits == 0) {
          return "none";
        }
        g.removeInitializer(rnd.nextInt(inits));
        return "noinit";
      }
      case 8 -> {
        if (nodes < 2) {
          return "none";
        }
        int a = rnd.nextInt(nodes - 1);
        int later = a + rnd.nextInt(nodes - a);
        NodeProto.Builder nb = g.getNodeBuilder(a);
        if (nb.getInputCount() == 0 || g.getNode(later).getOutputCount() == 0) {
          return "none";
        }
        nb.setInput(rnd.nextInt(nb.getInputCount()), g.getNode(later).getOutput(0));
        return "cycle";
      }
      case 9 -> {
        for (int k = 0; k < inits; k++) {
          TensorProto.Builder tb = g.getInitializerBuilder((k + rnd.nextInt(inits)) % inits);
          if (tb.getDataType() == 1 && tb.getRawData().size() >= 4) {
            byte[] raw = tb.getRawData().toByteArray();
            int at = 4 * rnd.nextInt(raw.length / 4);
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, Float.NaN);
            tb.setRawData(ByteString.copyFrom(raw));
            return "nan";
          }
        }
        return "none";
      }
      case 10 -> {
        long v = pick(new long[] {0, 99, -1, 1, 6});
        if (m.getOpsetImportCount() == 0) {
          m.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(v));
        } else {
          m.setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(v));
        }
        return "opset" + v;
      }
      case 11 -> {
        long v = pick(new long[] {-5, 0, 1, 99});
        m.setIrVersion(v);
        return "ir" + v;
      }
      case 12 -> {
        if (g.getInputCount() == 0) {
          return "none";
        }
        var shape = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        if (shape.getDimCount() == 0) {
          return "none";
        }
        int d = rnd.nextInt(shape.getDimCount());
        long v = pick(new long[] {0, -3, 1L << 40, Integer.MAX_VALUE, 1});
        shape.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(v));
        return "input" + v;
      }
      case 13 -> {
        if (nodes == 0) {
          return "none";
        }
        g.removeNode(rnd.nextInt(nodes));
        return "nonode";
      }
      case 14 -> {
        if (nodes == 0) {
          return "none";
        }
        g.getNodeBuilder(rnd.nextInt(nodes)).setOpType(pick(OPS));
        return "retype";
      }
      default -> {
        if (g.getOutputCount() == 0 || g.getInputCount() == 0) {
          return "none";
        }
        g.getOutputBuilder(0).setName(g.getInput(0).getName());
        return "output-is-input";
      }
    }
  }

  private long pick(long[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }
}
