package org.dnnbench.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model loaded in ONNX Runtime: its declared inputs and metadata, and runs (first output read,
 * named outputs copied, output shapes). Input tensors are made by {@link OrtInputs}.
 */
final class OrtModelSession implements Session {
  private final OrtSession session;
  private final String label;
  private final String inputName;
  private final List<ModelInput> inputs;
  private final long[] inputShape;
  private final long[] outputShape;
  private boolean closed;

  OrtModelSession(OrtSession session, String label) throws OrtException {
    this.session = session;
    this.label = label;
    var list = new ArrayList<ModelInput>();
    for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
        session.close();
        throw new EngineException(
            EngineException.Kind.MALFORMED_MODEL,
            "'" + label + "': input '" + e.getKey() + "' is not a tensor");
      }
      var dims = new ArrayList<Long>();
      for (long d : t.getShape()) {
        dims.add(d);
      }
      String[] names = t.getDimensionNames();
      var dimNames = new ArrayList<String>();
      for (int i = 0; i < dims.size(); i++) {
        dimNames.add(names != null && i < names.length && names[i] != null ? names[i] : "");
      }
      list.add(new ModelInput(e.getKey(), typeName(t.type), dims, dimNames));
    }
    if (list.isEmpty()) {
      session.close();
      throw new EngineException(
          EngineException.Kind.MALFORMED_MODEL, "'" + label + "' has no inputs");
    }
    this.inputs = List.copyOf(list);
    Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
    this.inputName = in.getKey();
    this.inputShape = shapeOf(in.getValue(), label);
    this.outputShape = shapeOf(session.getOutputInfo().values().iterator().next(), label);
  }

  /** Our name of an ONNX Runtime element type: float32, float16, int64, int32, bool, ... */
  private static String typeName(OnnxJavaType t) {
    return switch (t) {
      case FLOAT -> "float32";
      case FLOAT16 -> "float16";
      case DOUBLE -> "float64";
      case INT64 -> "int64";
      case INT32 -> "int32";
      case INT16 -> "int16";
      case INT8 -> "int8";
      case UINT8 -> "uint8";
      case BOOL -> "bool";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  private static long[] shapeOf(NodeInfo info, String label) {
    if (!(info.getInfo() instanceof TensorInfo t)) {
      throw new EngineException(
          EngineException.Kind.MALFORMED_MODEL,
          "'" + label + "': " + info.getName() + " is not a tensor");
    }
    return t.getShape();
  }

  @Override
  public String inputName() {
    return inputName;
  }

  @Override
  public Map<String, String> metadata() {
    try {
      return Map.copyOf(session.getMetadata().getCustomMetadata());
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "metadata read");
    }
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public long[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public List<ModelInput> inputs() {
    return inputs;
  }

  @Override
  public InputTensor randomInput(int batch, long seed) {
    return inputs(batch, seed, InputOptions.NONE);
  }

  @Override
  public InputTensor inputs(int batch, long seed, InputOptions options) {
    requireOpen();
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    List<InputShapes.Resolved> resolved;
    try {
      resolved = InputShapes.resolve(inputs, options, batch, label);
    } catch (IllegalArgumentException e) {
      throw new EngineException(EngineException.Kind.BAD_INPUT, e.getMessage(), e);
    }
    var tensors = new java.util.LinkedHashMap<String, OnnxTensor>();
    var rnd = new SplittableRandom(seed);
    long[] first = null;
    try {
      for (InputShapes.Resolved r : resolved) {
        long[] shape = r.shape().stream().mapToLong(Long::longValue).toArray();
        first = first == null ? shape : first;
        tensors.put(r.name(), OrtInputs.tensor(r, shape, options, rnd, label));
      }
    } catch (OrtException e) {
      tensors.values().forEach(OnnxTensor::close);
      throw OrtErrors.translate(e, label, "input creation");
    } catch (RuntimeException e) {
      tensors.values().forEach(OnnxTensor::close);
      throw e;
    }
    return new OrtInputs.OrtInput(tensors, first);
  }

  @Override
  public InputTensor input(float[] values, int batch) {
    requireOpen();
    long[] shape = inputShape.clone();
    shape[0] = batch;
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "input of shape "
              + java.util.Arrays.toString(shape)
              + " needs "
              + n
              + " values, got "
              + values.length);
    }
    FloatBuffer fb =
        ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    fb.put(values).rewind();
    try {
      return new OrtInputs.OrtInput(
          Map.of(inputName, OnnxTensor.createTensor(OrtEngine.ENV, fb, shape)), shape);
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "input creation");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("session of '" + label + "' is closed");
    }
  }

  private Map<String, OnnxTensor> tensors(InputTensor input) {
    requireOpen();
    if (!(input instanceof OrtInputs.OrtInput o)) {
      throw new IllegalArgumentException("input was not made by an ONNX Runtime session");
    }
    if (o.tensors().size() != inputs.size()) {
      throw new EngineException(
          EngineException.Kind.BAD_INPUT,
          "'"
              + label
              + "' has "
              + inputs.size()
              + " inputs "
              + inputs.stream().map(ModelInput::name).toList()
              + "; this input holds "
              + o.tensors().keySet());
    }
    return o.tensors();
  }

  @Override
  public RunOutput run(InputTensor input) {
    Map<String, OnnxTensor> t = tensors(input);
    try (OrtSession.Result r = session.run(t)) {
      OnnxValue v = r.get(0);
      if (!(v instanceof OnnxTensor out)) {
        throw new EngineException(
            EngineException.Kind.MALFORMED_MODEL, "'" + label + "': first output is not a tensor");
      }
      FloatBuffer fb = out.getInfo().type == OnnxJavaType.FLOAT ? out.getFloatBuffer() : null;
      if (fb == null) {
        // another element type (int64 labels, fp16 scores): read, count, not summed
        return new RunOutput(out.getInfo().getNumElements(), 0, true);
      }
      double sum = 0;
      boolean finite = true;
      int n = fb.remaining();
      for (int i = 0; i < n; i++) {
        float f = fb.get(i);
        sum += f;
        finite &= Float.isFinite(f);
      }
      return new RunOutput(n, sum, finite);
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "inference");
    }
  }

  @Override
  public float[] runValues(InputTensor input) {
    Map<String, OnnxTensor> t = tensors(input);
    try (OrtSession.Result r = session.run(t)) {
      FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] values = new float[fb.remaining()];
      fb.get(values);
      return values;
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "inference");
    }
  }

  @Override
  public Map<String, float[]> runOutputs(InputTensor input, java.util.Collection<String> names) {
    Map<String, OnnxTensor> t = tensors(input);
    try (OrtSession.Result r = session.run(t, new java.util.LinkedHashSet<>(names))) {
      var values = new java.util.LinkedHashMap<String, float[]>();
      for (Map.Entry<String, OnnxValue> e : r) {
        if (!(e.getValue() instanceof OnnxTensor out)
            || out.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
          throw new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "'" + label + "': output '" + e.getKey() + "' is not a float tensor");
        }
        FloatBuffer fb = out.getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        values.put(e.getKey(), v);
      }
      return values;
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "inference");
    }
  }

  @Override
  public Map<String, long[]> runShapes(InputTensor input, java.util.Collection<String> names) {
    Map<String, OnnxTensor> t = tensors(input);
    try (OrtSession.Result r = session.run(t, new java.util.LinkedHashSet<>(names))) {
      var shapes = new java.util.LinkedHashMap<String, long[]>();
      for (Map.Entry<String, OnnxValue> e : r) {
        if (e.getValue() instanceof OnnxTensor out) {
          shapes.put(e.getKey(), out.getInfo().getShape());
        }
      }
      return shapes;
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "inference");
    }
  }

  @Override
  public java.util.List<String> outputNames() {
    return java.util.List.copyOf(session.getOutputNames());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "close");
    }
  }
}
