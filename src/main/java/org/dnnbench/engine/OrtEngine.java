package org.dnnbench.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ONNX Runtime engine ({@code com.microsoft.onnxruntime:onnxruntime}). One process-wide {@link
 * OrtEnvironment} is shared by every engine and session (ONNX Runtime allows one); each session
 * gets its own options: intra-op threads as given, one inter-op thread, sequential execution, the
 * given graph optimization level and execution provider.
 *
 * <p>Errors from ONNX Runtime become {@link EngineException}s that name the file and what to do.
 */
final class OrtEngine implements InferenceEngine {
  private static final OrtEnvironment ENV =
      OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "dnnbench");

  private volatile boolean closed;

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public String version() {
    return ENV.getVersion();
  }

  @Override
  public List<String> availableProviders() {
    var list = new ArrayList<String>();
    for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
      list.add(providerId(p));
    }
    return List.copyOf(list);
  }

  /** Our id of an ONNX Runtime provider: {@code cpu}, {@code cuda}, ... */
  static String providerId(OrtProvider p) {
    return switch (p) {
      case CPU -> ExecutionProvider.CPU.id();
      case CUDA -> ExecutionProvider.CUDA.id();
      default -> p.name().toLowerCase(Locale.ROOT).replace("_", "");
    };
  }

  @Override
  public Session open(Path model, EngineOptions options) {
    if (!Files.isRegularFile(model)) {
      throw new EngineException(
          EngineException.Kind.MALFORMED_MODEL, "no such ONNX file: " + model);
    }
    return open(null, model, model.toString(), options);
  }

  @Override
  public Session open(byte[] model, String label, EngineOptions options) {
    return open(model, null, label, options);
  }

  private Session open(byte[] bytes, Path file, String label, EngineOptions options) {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
    requireProvider(options.provider());
    List<String> available = availableProviders();
    try (var so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(options.threads());
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      if (options.optimizedModelPath() != null) {
        so.setOptimizedModelFilePath(options.optimizedModelPath().toString());
      }
      if (!options.spinWhenIdle()) {
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      so.setOptimizationLevel(
          switch (options.optimization()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          });
      if (options.provider() == ExecutionProvider.CUDA) {
        try {
          so.addCUDA(0);
        } catch (OrtException e) {
          throw new EngineException(
              EngineException.Kind.PROVIDER_UNAVAILABLE,
              "execution provider 'cuda' could not start ("
                  + e.getMessage()
                  + "); available: "
                  + available,
              e);
        }
      }
      OrtSession s =
          bytes != null ? ENV.createSession(bytes, so) : ENV.createSession(file.toString(), so);
      return new OrtSessionWrapper(s, label);
    } catch (OrtException e) {
      throw translate(e, label, "load");
    }
  }

  /** An {@link OrtException} as an {@link EngineException} with an actionable message. */
  static EngineException translate(OrtException e, String label, String during) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (isOutOfMemory(msg)) {
      var m =
          java.util.regex.Pattern.compile(
                  "(?i)failed to allocate memory for requested buffer of size (\\d+)")
              .matcher(msg);
      String what = m.find() ? "failed to allocate " + m.group(1) + " bytes" : msg.strip();
      return new EngineException(
          EngineException.Kind.OUT_OF_MEMORY,
          "out of memory during "
              + during
              + " of '"
              + label
              + "': "
              + what
              + " (try a smaller batch or a larger --child-memory-mb)",
          e);
    }
    return switch (e.getCode()) {
      case ORT_INVALID_PROTOBUF,
          ORT_INVALID_GRAPH,
          ORT_NO_MODEL,
          ORT_NO_SUCHFILE,
          ORT_MODEL_LOADED ->
          new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "malformed ONNX file '"
                  + label
                  + "': "
                  + msg
                  + " (check it with onnx.checker or re-export it)",
              e);
      case ORT_NOT_IMPLEMENTED ->
          new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "ONNX Runtime cannot run '"
                  + label
                  + "': "
                  + msg
                  + " (an operator or opset this version lacks)",
              e);
      default ->
          new EngineException(
              EngineException.Kind.RUNTIME,
              "ONNX Runtime failed during " + during + " of '" + label + "': " + msg,
              e);
    };
  }

  /** Whether an ONNX Runtime message reports a failed allocation. */
  static boolean isOutOfMemory(String msg) {
    String m = msg.toLowerCase(Locale.ROOT);
    return m.contains("failed to allocate")
        || m.contains("bad_alloc")
        || m.contains("out of memory")
        || m.contains("cudaerrormemoryallocation");
  }

  /** Nothing native is held per engine; the environment is shared and lives with the process. */
  @Override
  public void close() {
    closed = true;
  }

  /** IEEE half-precision bits of a float in [-1, 1] (subnormals flushed to zero). */
  static short halfBits(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = (bits >>> 13) & 0x3ff;
    if (exp <= 0) {
      return (short) sign;
    }
    if (exp >= 31) {
      return (short) (sign | 0x7c00);
    }
    return (short) (sign | (exp << 10) | mant);
  }

  /** An ONNX Runtime session. */
  private static final class OrtSessionWrapper implements Session {
    private final OrtSession session;
    private final String label;
    private final String inputName;
    private final List<ModelInput> inputs;
    private final long[] inputShape;
    private final long[] outputShape;
    private boolean closed;

    OrtSessionWrapper(OrtSession session, String label) throws OrtException {
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
        throw translate(e, label, "metadata read");
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
          tensors.put(r.name(), tensor(r, shape, options, rnd));
        }
      } catch (OrtException e) {
        tensors.values().forEach(OnnxTensor::close);
        throw translate(e, label, "input creation");
      } catch (RuntimeException e) {
        tensors.values().forEach(OnnxTensor::close);
        throw e;
      }
      return new OrtInput(tensors, first);
    }

    /** Random values of the input's own type: floats in [-1, 1), integers in range, masks ones. */
    private OnnxTensor tensor(
        InputShapes.Resolved r, long[] shape, InputOptions options, SplittableRandom rnd)
        throws OrtException {
      long n = r.elements();
      int bytesPer =
          switch (r.type()) {
            case "float32", "int32" -> 4;
            case "int64", "float64" -> 8;
            case "float16", "int16" -> 2;
            case "bool", "int8", "uint8" -> 1;
            default ->
                throw new EngineException(
                    EngineException.Kind.BAD_INPUT,
                    "input '"
                        + r.name()
                        + "' of '"
                        + label
                        + "' has element type "
                        + r.type()
                        + ", which dnnbench cannot fill; supported: float32, float16, int64,"
                        + " int32, bool");
          };
      if (n * bytesPer > Integer.MAX_VALUE) {
        throw new EngineException(
            EngineException.Kind.OUT_OF_MEMORY,
            "input '" + r.name() + "' of " + n + " elements is too large");
      }
      ByteBuffer buf =
          ByteBuffer.allocateDirect((int) (n * bytesPer)).order(ByteOrder.nativeOrder());
      boolean mask = InputShapes.isMask(r.name()) && !options.ranges().containsKey(r.name());
      List<Long> range = options.range(r.name());
      long lo = range.get(0);
      long span = range.get(1) - range.get(0);
      for (long i = 0; i < n; i++) {
        switch (r.type()) {
          case "float32" -> buf.putFloat((float) (2 * rnd.nextDouble() - 1));
          case "float64" -> buf.putDouble(2 * rnd.nextDouble() - 1);
          case "float16" -> buf.putShort(halfBits((float) (2 * rnd.nextDouble() - 1)));
          case "int64" -> buf.putLong(mask ? 1 : lo + rnd.nextLong(span));
          case "int32" -> buf.putInt((int) (mask ? 1 : lo + rnd.nextLong(span)));
          case "int16" -> buf.putShort((short) (mask ? 1 : lo + rnd.nextLong(span)));
          case "int8", "uint8" -> buf.put((byte) (mask ? 1 : lo + rnd.nextLong(span)));
          default -> buf.put((byte) 1); // bool: all true, as a mask
        }
      }
      buf.rewind();
      OnnxJavaType type =
          switch (r.type()) {
            case "float32" -> OnnxJavaType.FLOAT;
            case "float64" -> OnnxJavaType.DOUBLE;
            case "float16" -> OnnxJavaType.FLOAT16;
            case "int64" -> OnnxJavaType.INT64;
            case "int32" -> OnnxJavaType.INT32;
            case "int16" -> OnnxJavaType.INT16;
            case "int8" -> OnnxJavaType.INT8;
            case "uint8" -> OnnxJavaType.UINT8;
            default -> OnnxJavaType.BOOL;
          };
      return OnnxTensor.createTensor(ENV, buf, shape, type);
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
          ByteBuffer.allocateDirect(values.length * 4)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      fb.put(values).rewind();
      try {
        return new OrtInput(Map.of(inputName, OnnxTensor.createTensor(ENV, fb, shape)), shape);
      } catch (OrtException e) {
        throw translate(e, label, "input creation");
      }
    }

    private void requireOpen() {
      if (closed) {
        throw new IllegalStateException("session of '" + label + "' is closed");
      }
    }

    private Map<String, OnnxTensor> tensors(InputTensor input) {
      requireOpen();
      if (!(input instanceof OrtInput o)) {
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
              EngineException.Kind.MALFORMED_MODEL,
              "'" + label + "': first output is not a tensor");
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
        throw translate(e, label, "inference");
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
        throw translate(e, label, "inference");
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
        throw translate(e, label, "inference");
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
        throw translate(e, label, "inference");
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
        throw translate(e, label, "close");
      }
    }
  }

  /** The tensors of every input, backed by direct buffers. */
  private static final class OrtInput implements InputTensor {
    private final Map<String, OnnxTensor> tensors;
    private final long[] shape;
    private boolean closed;

    OrtInput(Map<String, OnnxTensor> tensors, long[] shape) {
      this.tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
      this.shape = shape.clone();
    }

    Map<String, OnnxTensor> tensors() {
      if (closed) {
        throw new IllegalStateException("input tensor is closed");
      }
      return tensors;
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        tensors.values().forEach(OnnxTensor::close);
      }
    }
  }
}
