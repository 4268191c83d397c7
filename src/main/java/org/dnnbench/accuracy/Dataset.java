package org.dnnbench.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A labelled image dataset, read from a directory in one of the {@link DatasetLayout}s by {@link
 * Datasets#open}.
 *
 * @param root the directory
 * @param layout its layout (never {@code AUTO})
 * @param samples the images with their labels, sorted by path
 * @param classes number of classes the labels index into
 * @param fingerprint identifies the dataset: SHA-256 (first 16 hex digits) over the layout and
 *     every image's relative path, size in bytes and label
 */
public record Dataset(
    Path root, DatasetLayout layout, List<Sample> samples, int classes, String fingerprint) {
  public Dataset {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(layout, "layout");
    samples = List.copyOf(samples);
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("dataset " + root + " has no images");
    }
    for (Sample s : samples) {
      if (s.label() >= classes) {
        throw new IllegalArgumentException(
            "label " + s.label() + " of " + s.file() + " is not below the " + classes + " classes");
      }
    }
  }

  /** Builds a dataset, computing its fingerprint. */
  static Dataset of(Path root, DatasetLayout layout, List<Sample> samples, int classes) {
    return new Dataset(root, layout, samples, classes, fingerprint(root, layout, samples));
  }

  /**
   * {@code n} samples spread evenly over the dataset (sample {@code floor(i * size / n)} for {@code
   * i < n}, in path order), so that a class-folder layout keeps every class; all of them when
   * {@code n} is not below the size. The fingerprint records the subset.
   */
  public Dataset limit(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + n);
    }
    if (n >= samples.size()) {
      return this;
    }
    var picked = new java.util.ArrayList<Sample>(n);
    for (int i = 0; i < n; i++) {
      picked.add(samples.get((int) ((long) i * samples.size() / n)));
    }
    return new Dataset(root, layout, picked, classes, fingerprint + "+spread" + n);
  }

  static String fingerprint(Path root, DatasetLayout layout, List<Sample> samples) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((layout.id() + "\n").getBytes(StandardCharsets.UTF_8));
      for (Sample s : samples) {
        String rel = root.relativize(s.file()).toString().replace('\\', '/');
        long size = Files.size(s.file());
        md.update((rel + "\t" + size + "\t" + s.label() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
  }
}
