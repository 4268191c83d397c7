package org.dnnbench.zoo;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.dnnbench.graph.ModelGraph;

/**
 * The built-in zoo: every architecture of the study, built in Java with its reference figures read
 * from {@code paper_models.csv} (shipped as a resource). {@link #standard()} is the catalog of the
 * models that have a builder, in the CSV's order.
 */
public final class Catalog {
  private static final String RESOURCE = "paper_models.csv";
  private static volatile Catalog standard;

  private final Map<String, ModelInfo> reference;
  private final Map<String, Supplier<ModelGraph>> builders;

  private Catalog(Map<String, ModelInfo> reference, Map<String, Supplier<ModelGraph>> builders) {
    this.reference = Collections.unmodifiableMap(reference);
    this.builders = Collections.unmodifiableMap(builders);
  }

  /** The catalog of built-in models. */
  public static Catalog standard() {
    Catalog c = standard;
    if (c == null) {
      synchronized (Catalog.class) {
        c = standard;
        if (c == null) {
          standard = c = load();
        }
      }
    }
    return c;
  }

  private static Catalog load() {
    Map<String, ModelInfo> reference = readReference();
    var builders = new LinkedHashMap<String, Supplier<ModelGraph>>();
    ZooRegistry registry =
        (id, builder) -> {
          if (!reference.containsKey(id)) {
            throw new IllegalStateException("model '" + id + "' is not in " + RESOURCE);
          }
          if (builders.put(id, builder) != null) {
            throw new IllegalStateException("model '" + id + "' is registered twice");
          }
        };
    AlexNet.registerAll(registry);
    Vgg.registerAll(registry);
    ResNets.registerAll(registry);
    SqueezeNets.registerAll(registry);
    MobileNets.registerAll(registry);
    ShuffleNets.registerAll(registry);
    DenseNets.registerAll(registry);
    DualPathNets.registerAll(registry);
    Inceptions.registerAll(registry);
    Xception.registerAll(registry);
    NasNets.registerAll(registry);
    // keep the CSV's order
    var ordered = new LinkedHashMap<String, Supplier<ModelGraph>>();
    reference.keySet().stream()
        .filter(builders::containsKey)
        .forEach(id -> ordered.put(id, builders.get(id)));
    return new Catalog(reference, ordered);
  }

  /**
   * Reads the reference table with Jackson's streaming CSV parser (a third of the start-up cost of
   * the data-binding mapper, which matters for a command that runs in well under a second).
   */
  private static Map<String, ModelInfo> readReference() {
    var rows = new LinkedHashMap<String, ModelInfo>();
    try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE);
        CsvParser p = new CsvFactory().createParser(in)) {
      List<String> header = null;
      while (p.nextToken() == JsonToken.START_ARRAY) {
        var cells = new ArrayList<String>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          cells.add(p.getText());
        }
        if (header == null) {
          header = cells;
          continue;
        }
        var r = new HashMap<String, String>();
        for (int i = 0; i < header.size(); i++) {
          r.put(header.get(i), i < cells.size() ? cells.get(i) : "");
        }
        String id = r.get("id");
        int size = Integer.parseInt(r.get("input_size"));
        rows.put(
            id,
            new ModelInfo(
                id,
                r.get("paper_name"),
                r.get("family"),
                size,
                Long.parseLong(r.get("params")),
                r.get("params_reference"),
                percent(r.get("published_top1")),
                percent(r.get("published_top5")),
                r.get("accuracy_source"),
                Preprocessings.forModel(id, size)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return rows;
  }

  private static OptionalDouble percent(String s) {
    return s == null || s.isBlank()
        ? OptionalDouble.empty()
        : OptionalDouble.of(Double.parseDouble(s));
  }

  /** The models that can be built, in the reference order. */
  public List<ModelInfo> models() {
    var list = new ArrayList<ModelInfo>();
    builders.keySet().forEach(id -> list.add(reference.get(id)));
    return List.copyOf(list);
  }

  /** All 42 rows of the study, built or not. */
  public List<ModelInfo> reference() {
    return List.copyOf(reference.values());
  }

  /** Ids of the models that can be built. */
  public List<String> ids() {
    return List.copyOf(builders.keySet());
  }

  /** Whether {@code id} names a buildable model. */
  public boolean contains(String id) {
    return builders.containsKey(id);
  }

  /** The model's catalog entry, or an error naming the valid ids. */
  public ModelInfo info(String id) {
    requireKnown(id);
    return reference.get(id);
  }

  /** Builds the model's graph (a new, immutable graph each call). */
  public ModelGraph build(String id) {
    requireKnown(id);
    return builders.get(id).get();
  }

  private void requireKnown(String id) {
    if (!builders.containsKey(id)) {
      throw new UnknownModelException(id, ids());
    }
  }
}
