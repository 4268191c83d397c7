package org.dnnbench.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an engine runs a model: the execution providers dnnbench can ask for. */
public enum ExecutionProvider {
  /** The CPU, in every build. */
  CPU("cpu"),
  /** An NVIDIA GPU through CUDA (ONNX Runtime's GPU build, {@code mvn -Pgpu}). */
  CUDA("cuda");

  private final String id;

  ExecutionProvider(String id) {
    this.id = id;
  }

  /** The lower-case id used in options and results, e.g. {@code cuda}. */
  public String id() {
    return id;
  }

  /** The provider with this id (case-insensitive); the error lists the valid ids. */
  public static ExecutionProvider byId(String id) {
    String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (ExecutionProvider p : values()) {
      if (p.id.equals(v)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown execution provider '"
            + id
            + "'; valid: "
            + Arrays.stream(values()).map(ExecutionProvider::id).collect(Collectors.joining(", ")));
  }
}
