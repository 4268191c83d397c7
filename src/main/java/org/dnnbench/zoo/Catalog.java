package org.dnnbench.zoo;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.ModelInfo.Era;
import org.dnnbench.zoo.Preprocessing.Interpolation;

/**
 * The built-in zoo: every architecture of the study and the later ones, built in Java, with their
 * reference figures read from resources: {@code paper_models.csv} (the study's 42), {@code
 * later_models.csv} (name, family, year and paper of each later model) and {@code
 * torchvision_weights.csv} (torchvision 0.14's published weights: accuracy, parameters and
 * preprocessing, written by {@code tools/torch_dispatch_macs.py}). {@link #standard()} is the
 * catalog of the models that have a builder: the study's in its order, then the later ones in
 * {@code later_models.csv}'s order.
 */
public final class Catalog {
  private static final String STUDY = "paper_models.csv";
  private static final String LATER = "later_models.csv";
  private static final String WEIGHTS = "torchvision_weights.csv";
  private static volatile Catalog standard;

  private final Map<String, ModelInfo> reference;
  private final Map<String, Sized> builders;

  /** A registered builder with the sizes it accepts. */
  private record Sized(ZooRegistry.SizedBuilder builder, InputSizes sizes) {}

  /** How many sides each way the refusal message's search for accepted sizes tries. */
  private static final int PROBE_STEPS = 16;

  private Catalog(Map<String, ModelInfo> reference, Map<String, Sized> builders) {
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
    var builders = new LinkedHashMap<String, Sized>();
    ZooRegistry registry =
        (id, builder, sizes) -> {
          if (!reference.containsKey(id)) {
            throw new IllegalStateException(
                "model '" + id + "' is in neither " + STUDY + " nor " + LATER);
          }
          if (builders.put(id, new Sized(builder, sizes)) != null) {
            throw new IllegalStateException("model '" + id + "' is registered twice");
          }
        };
    // the study's families
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
    // later convolutional families
    RegNets.registerAll(registry);
    MnasNets.registerAll(registry);
    ShuffleNetV2.registerAll(registry);
    MobileNetV3.registerAll(registry);
    EfficientNets.registerAll(registry);
    // later transformer families
    ConvNeXts.registerAll(registry);
    VisionTransformers.registerAll(registry);
    SwinTransformers.registerAll(registry);
    MaxVit.registerAll(registry);
    // keep the tables' order
    var ordered = new LinkedHashMap<String, Sized>();
    reference.keySet().stream()
        .filter(builders::containsKey)
        .forEach(id -> ordered.put(id, builders.get(id)));
    return new Catalog(reference, ordered);
  }

  private static Map<String, ModelInfo> readReference() {
    var weights = new LinkedHashMap<String, List<TorchvisionWeights>>();
    for (Map<String, String> r : readCsv(WEIGHTS)) {
      var w =
          new TorchvisionWeights(
              r.get("id"),
              r.get("weights"),
              Boolean.parseBoolean(r.get("default")),
              Integer.parseInt(r.get("crop_size")),
              Integer.parseInt(r.get("resize_size")),
              Interpolation.of(r.get("interpolation")),
              doubles(r.get("mean")),
              doubles(r.get("std")),
              Double.parseDouble(r.get("top1")),
              Double.parseDouble(r.get("top5")),
              Long.parseLong(r.get("num_params")),
              r.get("recipe"));
      var list = weights.computeIfAbsent(w.model(), k -> new ArrayList<>());
      list.add(w.isDefault() ? 0 : list.size(), w);
    }
    var rows = new LinkedHashMap<String, ModelInfo>();
    for (Map<String, String> r : readCsv(STUDY)) {
      String id = r.get("id");
      int size = Integer.parseInt(r.get("input_size"));
      rows.put(
          id,
          new ModelInfo(
              id,
              r.get("paper_name"),
              r.get("family"),
              Integer.parseInt(r.get("year")),
              Era.STUDY,
              size,
              Long.parseLong(r.get("params")),
              r.get("params_reference"),
              percent(r.get("published_top1")),
              percent(r.get("published_top5")),
              r.get("accuracy_source"),
              Preprocessings.forModel(id, size),
              weights.getOrDefault(id, List.of())));
    }
    for (Map<String, String> r : readCsv(LATER)) {
      String id = r.get("id");
      List<TorchvisionWeights> ws = weights.getOrDefault(id, List.of());
      if (ws.isEmpty() || !ws.get(0).isDefault()) {
        throw new IllegalStateException(
            "later model '" + id + "' has no default weights in " + WEIGHTS);
      }
      if (rows.containsKey(id)) {
        throw new IllegalStateException("model '" + id + "' is in both " + STUDY + " and " + LATER);
      }
      TorchvisionWeights w = ws.get(0);
      rows.put(
          id,
          new ModelInfo(
              id,
              r.get("name"),
              r.get("family"),
              Integer.parseInt(r.get("year")),
              Era.LATER,
              w.cropSize(),
              w.params(),
              "torchvision 0.14 definition: " + id + " (" + r.get("paper") + ")",
              OptionalDouble.of(w.top1()),
              OptionalDouble.of(w.top5()),
              w.source(),
              w.preprocessing(),
              ws));
    }
    return rows;
  }

  /**
   * Reads a bundled table with Jackson's streaming CSV parser (a third of the start-up cost of the
   * data-binding mapper, which matters for a command that runs in well under a second).
   */
  private static List<Map<String, String>> readCsv(String resource) {
    var rows = new ArrayList<Map<String, String>>();
    try (InputStream in = Catalog.class.getResourceAsStream(resource);
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
        rows.add(r);
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot read the catalog resource " + resource, e);
    }
    return rows;
  }

  private static List<Double> doubles(String s) {
    return Arrays.stream(s.trim().split("\\s+")).map(Double::parseDouble).toList();
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

  /** The buildable models of one era ({@code STUDY}: the study's 42), in the reference order. */
  public List<ModelInfo> models(Era era) {
    return models().stream().filter(m -> m.era() == era).toList();
  }

  /** Every row of the reference tables, built or not: the study's 42, then the later models. */
  public List<ModelInfo> reference() {
    return List.copyOf(reference.values());
  }

  /** Ids of the models that can be built. */
  public List<String> ids() {
    return List.copyOf(builders.keySet());
  }

  /** Ids of the buildable models of one era, in the reference order. */
  public List<String> ids(Era era) {
    return models(era).stream().map(ModelInfo::id).toList();
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

  /** Builds the model's graph at its default input size (a new, immutable graph each call). */
  public ModelGraph build(String id) {
    int side = info(id).inputSize();
    return builders.get(id).builder().build(side, side);
  }

  /**
   * Builds the model's graph for an {@code h x w} input. A size the architecture cannot take is
   * refused with an {@link UnsupportedSizeException} that names the model, the size and the sizes
   * it accepts: one its layers do not fit, one outside its {@link InputSizes} rule, and one at
   * which the graph's output or (unless the rule says they depend on the size) parameter count
   * would differ from the default size's, which is what a fixed-size head (a fixed pooling window
   * or a Linear after a Flatten) does at another size.
   */
  public ModelGraph build(String id, int h, int w) {
    int side = info(id).inputSize();
    if (h == side && w == side) {
      return build(id);
    }
    var built = new ModelGraph[1];
    Optional<String> refusal = refusal(id, h, w, built);
    if (refusal.isPresent()) {
      throw new UnsupportedSizeException(
          id
              + " cannot be built at "
              + h
              + "x"
              + w
              + ": "
              + refusal.get()
              + "; "
              + accepted(id, h));
    }
    return built[0];
  }

  /**
   * Why the model cannot be built at {@code h x w}, or empty (the graph is then in {@code out}).
   */
  private Optional<String> refusal(String id, int h, int w, ModelGraph[] out) {
    Sized s = builders.get(id);
    Optional<String> rule = s.sizes().refusal(h, w);
    if (rule.isPresent()) {
      return rule;
    }
    ModelGraph g;
    try {
      g = s.builder().build(h, w);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.of("its layers do not fit (" + e.getMessage() + ")");
    }
    ModelGraph d = build(id);
    if (!g.outputShape().equals(d.outputShape())) {
      return Optional.of(
          "its output would be "
              + g.outputShape()
              + ", not "
              + d.outputShape()
              + " (a fixed-size head)");
    }
    long p = params(g);
    long pd = params(d);
    if (!s.sizes().paramsDependOnSize() && p != pd) {
      return Optional.of("its parameters would be " + p + ", not " + pd + " (a fixed-size head)");
    }
    out[0] = g;
    return Optional.empty();
  }

  private static long params(ModelGraph g) {
    return g.nodes().stream().mapToLong(org.dnnbench.graph.Node::params).sum();
  }

  /**
   * The sizes the model accepts near {@code asked}, in words: its default, and the nearest square
   * sides below and above {@code asked} at which it builds, looked for within {@link #PROBE_STEPS}
   * steps of its rule's multiple and then, farther, at up to {@link #PROBE_STEPS} multiples of 32
   * (and of the rule's multiple), all at most four times the default. Each is built, so none is
   * claimed without being checked; a range would not be (fixed heads, branches that round
   * differently at odd sizes and fixed pooling windows make the accepted sides a patchwork).
   */
  String accepted(String id, int asked) {
    int m = builders.get(id).sizes().multipleOf();
    int def = info(id).inputSize();
    int far = lcm(32, m);
    int lo = asked;
    int hi = asked;
    var near = new ArrayList<Integer>();
    for (int dir : new int[] {-1, 1}) {
      int s = dir < 0 ? (asked - 1) / m * m : (asked / m + 1) * m;
      Integer found = null;
      for (int step = 0; step < PROBE_STEPS && s >= 1 && s <= 4 * def; step++, s += dir * m) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
        if (s != def && refusal(id, s, s, new ModelGraph[1]).isEmpty()) {
          found = s;
          break;
        }
      }
      // farther: the multiples of 32 beyond the near window (where fixed windows fit again)
      s = dir < 0 ? (s - 1) / far * far : (s / far + 1) * far;
      for (int step = 0;
          found == null && step < PROBE_STEPS && s >= 1 && s <= 4 * def;
          step++, s += dir * far) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
        if (s != def && refusal(id, s, s, new ModelGraph[1]).isEmpty()) {
          found = s;
        }
      }
      if (found != null) {
        near.add(found);
      }
    }
    String rule = m > 1 ? "sides that are multiples of " + m + "; " : "";
    return near.isEmpty()
        ? "it accepts "
            + rule
            + def
            + "x"
            + def
            + " (its default; no other square side tried between "
            + lo
            + " and "
            + hi
            + " builds)"
        : "it accepts "
            + rule
            + "e.g. "
            + near.stream().map(x -> x + "x" + x).collect(java.util.stream.Collectors.joining(", "))
            + " and its default "
            + def
            + "x"
            + def;
  }

  private static int lcm(int a, int b) {
    return a / java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).intValue() * b;
  }

  private void requireKnown(String id) {
    if (!builders.containsKey(id)) {
      throw new UnknownModelException(id, ids());
    }
  }
}
