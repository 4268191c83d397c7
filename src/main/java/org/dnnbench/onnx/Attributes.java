package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/** A node's attributes by name, with the default the ONNX operator spec gives when absent. */
final class Attributes {
  private Attributes() {}

  static AttributeProto get(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  static long i(NodeProto n, String name, long dflt) {
    AttributeProto a = get(n, name);
    return a == null ? dflt : a.getI();
  }

  static double f(NodeProto n, String name, double dflt) {
    AttributeProto a = get(n, name);
    return a == null ? dflt : a.getF();
  }

  static String s(NodeProto n, String name, String dflt) {
    AttributeProto a = get(n, name);
    return a == null ? dflt : a.getS().toStringUtf8();
  }

  static long[] ints(NodeProto n, String name, long[] dflt) {
    AttributeProto a = get(n, name);
    return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }
}
