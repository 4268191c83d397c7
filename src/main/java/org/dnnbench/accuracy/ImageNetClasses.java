package org.dnnbench.accuracy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1000 ILSVRC-2012 classes, shipped as {@code imagenet_classes.tsv}: the model output index
 * (WordNet ids in sorted order, as torchvision, Caffe and the Cadene ports number them), the
 * WordNet id, the devkit's ILSVRC2012_ID (the numbering of {@code
 * ILSVRC2012_validation_ground_truth.txt}) and the class name.
 */
public final class ImageNetClasses {
  private static final String RESOURCE = "imagenet_classes.tsv";
  private static volatile ImageNetClasses standard;

  private final List<String> wnids;
  private final List<String> names;
  private final Map<String, Integer> byWnid;
  private final int[] byDevkitId;

  private ImageNetClasses(List<String> wnids, List<String> names, int[] byDevkitId) {
    this.wnids = List.copyOf(wnids);
    this.names = List.copyOf(names);
    this.byDevkitId = byDevkitId;
    var m = new HashMap<String, Integer>();
    for (int i = 0; i < wnids.size(); i++) {
      m.put(wnids.get(i), i);
    }
    this.byWnid = Map.copyOf(m);
  }

  /** The shipped list. */
  public static ImageNetClasses standard() {
    ImageNetClasses c = standard;
    if (c == null) {
      synchronized (ImageNetClasses.class) {
        c = standard;
        if (c == null) {
          standard = c = load();
        }
      }
    }
    return c;
  }

  private static ImageNetClasses load() {
    var wnids = new ArrayList<String>();
    var names = new ArrayList<String>();
    int[] devkit = new int[1001];
    try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE);
        var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] c = line.split("\t", 4);
        int index = Integer.parseInt(c[0]);
        if (index != wnids.size()) {
          throw new IllegalStateException(RESOURCE + ": index " + index + " out of order");
        }
        wnids.add(c[1]);
        devkit[Integer.parseInt(c[2])] = index;
        names.add(c[3]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new ImageNetClasses(wnids, names, devkit);
  }

  /** 1000. */
  public int size() {
    return wnids.size();
  }

  /** WordNet id of output index {@code i}, e.g. {@code n01440764}. */
  public String wnid(int i) {
    return wnids.get(i);
  }

  /** Name of output index {@code i}, e.g. {@code tench, Tinca tinca}. */
  public String name(int i) {
    return names.get(i);
  }

  /** Whether {@code wnid} is one of the 1000 classes. */
  public boolean contains(String wnid) {
    return byWnid.containsKey(wnid);
  }

  /** Output index of a WordNet id; fails naming the id. */
  public int indexOfWnid(String wnid) {
    Integer i = byWnid.get(wnid);
    if (i == null) {
      throw new IllegalArgumentException(
          "'" + wnid + "' is not one of the 1000 ILSVRC-2012 WordNet ids (e.g. n01440764)");
    }
    return i;
  }

  /** Output index of a devkit ILSVRC2012_ID (1..1000). */
  public int indexOfDevkitId(int id) {
    if (id < 1 || id > 1000) {
      throw new IllegalArgumentException("ILSVRC2012_ID must be in 1..1000, got " + id);
    }
    return byDevkitId[id];
  }
}
