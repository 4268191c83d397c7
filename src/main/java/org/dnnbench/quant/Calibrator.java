package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.Session;

/**
 * Runs calibration samples through a float model in the engine and records the range of every
 * tensor asked for: the model is augmented so that each of those tensors is also a graph output.
 * Min/max takes one pass; the percentile method a second one, filling a 4096-bin histogram per
 * tensor over the first pass's range.
 */
final class Calibrator {
  static final int BINS = 4096;

  /** A tensor's calibrated range. */
  record Range(float min, float max) {}

  private Calibrator() {}

  static Map<String, Range> calibrate(
      ModelProto model,
      Collection<String> tensors,
      CalibrationSet data,
      QuantOptions options,
      EngineOptions engineOptions) {
    GraphProto g = model.getGraph();
    String inputName = firstRealInput(g);
    Set<String> existing = new HashSet<>();
    g.getOutputList().forEach(o -> existing.add(o.getName()));
    var aug = g.toBuilder();
    List<String> fetched = new ArrayList<>();
    for (String t : tensors) {
      if (t.equals(inputName)) {
        continue;
      }
      fetched.add(t);
      if (!existing.contains(t)) {
        aug.addOutput(
            ValueInfoProto.newBuilder()
                .setName(t)
                .setType(
                    TypeProto.newBuilder()
                        .setTensorType(
                            TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber()))));
      }
    }
    byte[] bytes = model.toBuilder().setGraph(aug).build().toByteArray();
    try (InferenceEngine engine = Engines.create();
        Session session = engine.open(bytes, g.getName() + " (calibration)", engineOptions)) {
      long[] shape = session.inputShape();
      int per = 1;
      for (int i = 1; i < shape.length; i++) {
        per *= (int) shape[i];
      }
      int batch = shape[0] > 0 ? (int) shape[0] : options.calibrationBatch();
      List<float[]> samples = data.samples(per);
      List<float[]> batches = batches(samples, per, batch);
      var min = new LinkedHashMap<String, float[]>();
      for (String t : tensors) {
        min.put(t, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
      }
      for (float[] b : batches) {
        Map<String, float[]> out = run(session, b, batch, fetched);
        out.put(inputName, b);
        for (var e : out.entrySet()) {
          float[] mm = min.get(e.getKey());
          if (mm != null) {
            for (float v : e.getValue()) {
              if (v < mm[0]) {
                mm[0] = v;
              }
              if (v > mm[1]) {
                mm[1] = v;
              }
            }
          }
        }
      }
      var ranges = new LinkedHashMap<String, Range>();
      if (options.method() == CalibrationMethod.MINMAX) {
        min.forEach((t, mm) -> ranges.put(t, new Range(mm[0], mm[1])));
        return ranges;
      }
      var hist = new LinkedHashMap<String, long[]>();
      for (String t : tensors) {
        hist.put(t, new long[BINS]);
      }
      for (float[] b : batches) {
        Map<String, float[]> out = run(session, b, batch, fetched);
        out.put(inputName, b);
        for (var e : out.entrySet()) {
          long[] h = hist.get(e.getKey());
          if (h == null) {
            continue;
          }
          float[] mm = min.get(e.getKey());
          double width = (double) mm[1] - mm[0];
          for (float v : e.getValue()) {
            int bin = width > 0 ? (int) ((v - mm[0]) / width * BINS) : 0;
            h[Math.min(BINS - 1, Math.max(0, bin))]++;
          }
        }
      }
      double p = options.percentile() / 100;
      for (String t : tensors) {
        float[] mm = min.get(t);
        long[] h = hist.get(t);
        long total = 0;
        for (long c : h) {
          total += c;
        }
        double width = ((double) mm[1] - mm[0]) / BINS;
        long lowCount = (long) Math.floor((1 - p) * total);
        long highCount = (long) Math.ceil(p * total);
        int lo = 0;
        long acc = 0;
        while (lo < BINS - 1 && acc + h[lo] <= lowCount) {
          acc += h[lo++];
        }
        int hi = 0;
        acc = 0;
        while (hi < BINS - 1 && acc + h[hi] < highCount) {
          acc += h[hi++];
        }
        float rlo = (float) (mm[0] + lo * width);
        float rhi = (float) Math.min(mm[1], mm[0] + (hi + 1) * width);
        ranges.put(t, new Range(Math.max(mm[0], rlo), Math.max(rlo, rhi)));
      }
      return ranges;
    }
  }

  private static Map<String, float[]> run(
      Session session, float[] b, int batch, List<String> names) {
    try (InputTensor in = session.input(b, batch)) {
      return new LinkedHashMap<>(session.runOutputs(in, names));
    }
  }

  /** Samples packed into batches of {@code batch}; the last one filled up by repeating samples. */
  private static List<float[]> batches(List<float[]> samples, int per, int batch) {
    var out = new ArrayList<float[]>();
    for (int i = 0; i < samples.size(); i += batch) {
      float[] b = new float[per * batch];
      for (int j = 0; j < batch; j++) {
        float[] s = samples.get(Math.min(i + j, samples.size() - 1));
        if (s.length != per) {
          throw new IllegalArgumentException(
              "calibration sample has " + s.length + " values; the model takes " + per);
        }
        System.arraycopy(s, 0, b, j * per, per);
      }
      out.add(b);
    }
    return out;
  }

  /** The first graph input that is not also an initializer. */
  static String firstRealInput(GraphProto g) {
    Set<String> inits = new HashSet<>();
    g.getInitializerList().forEach(t -> inits.add(t.getName()));
    return g.getInputList().stream()
        .map(ValueInfoProto::getName)
        .filter(n -> !inits.contains(n))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model has no input"));
  }
}
