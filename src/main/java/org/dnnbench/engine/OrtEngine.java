package org.dnnbench.engine;

import ai.onnxruntime.NodeInfo;
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
public final class OrtEngine implements InferenceEngine {
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

  /**
   * Fails with {@link EngineException.Kind#PROVIDER_UNAVAILABLE}, naming the available providers,
   * unless {@code provider} is one of them.
   */
  public void requireProvider(String provider) {
    List<String> available = availableProviders();
    if (!available.contains(provider)) {
      throw new EngineException(
          EngineException.Kind.PROVIDER_UNAVAILABLE,
          "execution provider '"
              + provider
              + "' not available; available: "
              + available
              + (provider.equals(EngineOptions.CUDA)
                  ? " (CUDA needs the onnxruntime_gpu build and an NVIDIA GPU with its driver)"
                  : ""));
    }
  }

  /** Our id of an ONNX Runtime provider: {@code cpu}, {@code cuda}, ... */
  static String providerId(OrtProvider p) {
    return switch (p) {
      case CPU -> EngineOptions.CPU;
      case CUDA -> EngineOptions.CUDA;
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
      if (options.provider().equals(EngineOptions.CUDA)) {
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

  /** An ONNX Runtime session. */
  private static final class OrtSessionWrapper implements Session {
    private final OrtSession session;
    private final String label;
    private final String inputName;
    private final long[] inputShape;
    private final long[] outputShape;
    private boolean closed;

    OrtSessionWrapper(OrtSession session, String label) throws OrtException {
      this.session = session;
      this.label = label;
      if (session.getNumInputs() != 1) {
        session.close();
        throw new EngineException(
            EngineException.Kind.MALFORMED_MODEL,
            "'"
                + label
                + "' has "
                + session.getNumInputs()
                + " inputs; dnnbench runs models with exactly one");
      }
      Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
      this.inputName = in.getKey();
      this.inputShape = shapeOf(in.getValue(), label);
      this.outputShape = shapeOf(session.getOutputInfo().values().iterator().next(), label);
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
    public InputTensor randomInput(int batch, long seed) {
      requireOpen();
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be >= 1, got " + batch);
      }
      long[] shape = inputShape.clone();
      shape[0] = batch;
      long n = 1;
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 1) {
          throw new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "'"
                  + label
                  + "': input dimension "
                  + i
                  + " is symbolic; only the batch (first) may be");
        }
        n *= shape[i];
      }
      if (n * 4 > Integer.MAX_VALUE) {
        throw new EngineException(
            EngineException.Kind.OUT_OF_MEMORY, "input of " + n + " floats is too large");
      }
      FloatBuffer fb =
          ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
      var rnd = new SplittableRandom(seed);
      for (long i = 0; i < n; i++) {
        fb.put((float) (2 * rnd.nextDouble() - 1));
      }
      fb.rewind();
      try {
        return new OrtInput(OnnxTensor.createTensor(ENV, fb, shape), shape);
      } catch (OrtException e) {
        throw translate(e, label, "input creation");
      }
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
        return new OrtInput(OnnxTensor.createTensor(ENV, fb, shape), shape);
      } catch (OrtException e) {
        throw translate(e, label, "input creation");
      }
    }

    private void requireOpen() {
      if (closed) {
        throw new IllegalStateException("session of '" + label + "' is closed");
      }
    }

    private OnnxTensor tensor(InputTensor input) {
      requireOpen();
      if (!(input instanceof OrtInput o)) {
        throw new IllegalArgumentException("input was not made by an ONNX Runtime session");
      }
      return o.tensor();
    }

    @Override
    public RunOutput run(InputTensor input) {
      OnnxTensor t = tensor(input);
      try (OrtSession.Result r = session.run(Map.of(inputName, t))) {
        OnnxValue v = r.get(0);
        if (!(v instanceof OnnxTensor out)) {
          throw new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "'" + label + "': first output is not a tensor");
        }
        FloatBuffer fb = out.getFloatBuffer();
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
      OnnxTensor t = tensor(input);
      try (OrtSession.Result r = session.run(Map.of(inputName, t))) {
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
      OnnxTensor t = tensor(input);
      try (OrtSession.Result r =
          session.run(Map.of(inputName, t), new java.util.LinkedHashSet<>(names))) {
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

  /** An input tensor backed by a direct buffer. */
  private static final class OrtInput implements InputTensor {
    private final OnnxTensor tensor;
    private final long[] shape;
    private boolean closed;

    OrtInput(OnnxTensor tensor, long[] shape) {
      this.tensor = tensor;
      this.shape = shape.clone();
    }

    OnnxTensor tensor() {
      if (closed) {
        throw new IllegalStateException("input tensor is closed");
      }
      return tensor;
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        tensor.close();
      }
    }
  }
}
