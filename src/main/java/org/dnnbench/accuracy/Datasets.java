package org.dnnbench.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens the ImageNet validation layouts people have (see {@link DatasetLayout}) as a {@link
 * Dataset}. Image files are recognized by extension ({@code .jpg .jpeg .png .bmp .gif}, any case);
 * whether they decode is found out later, file by file.
 */
public final class Datasets {
  private Datasets() {}

  /** Ground-truth file names looked for next to a flat validation folder (and in its parent). */
  public static final List<String> GROUND_TRUTH_NAMES =
      List.of("ILSVRC2012_validation_ground_truth.txt", "LOC_val_solution.csv", "val.txt");

  private static final Pattern VAL_FILE = Pattern.compile("ILSVRC2012_val_(\\d+)\\.[A-Za-z]+");
  private static final Pattern WNID = Pattern.compile("n\\d{8}");

  /**
   * Opens {@code dir} in {@code layout}; {@code labels} is the ground-truth file (flat layout) or
   * the class list (folder-per-class), found automatically where it can be.
   */
  public static Dataset open(Path dir, DatasetLayout layout, Optional<Path> labels) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "dataset directory '" + dir + "' does not exist or is not a directory");
    }
    labels.ifPresent(
        l -> {
          if (!Files.isRegularFile(l)) {
            throw new IllegalArgumentException("labels file '" + l + "' does not exist");
          }
        });
    try {
      List<Path> subdirs;
      try (Stream<Path> s = Files.list(dir)) {
        subdirs =
            s.filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted()
                .toList();
      }
      List<Path> flat;
      try (Stream<Path> s = Files.list(dir)) {
        flat =
            s.filter(Files::isRegularFile)
                .filter(p -> VAL_FILE.matcher(p.getFileName().toString()).matches())
                .sorted()
                .toList();
      }
      DatasetLayout chosen = layout;
      if (layout == DatasetLayout.AUTO) {
        ImageNetClasses c = ImageNetClasses.standard();
        if (!subdirs.isEmpty()
            && labels.isEmpty()
            && subdirs.stream().allMatch(p -> c.contains(p.getFileName().toString()))) {
          chosen = DatasetLayout.WNID_FOLDERS;
        } else if (!flat.isEmpty()) {
          chosen = DatasetLayout.IMAGENET_VAL;
        } else if (!subdirs.isEmpty()) {
          chosen = DatasetLayout.FOLDER_PER_CLASS;
        } else {
          throw new IllegalArgumentException(
              "no images found in '"
                  + dir
                  + "': expected class folders (n01440764/ ... or any names with --labels)"
                  + " or ILSVRC2012_val_*.JPEG files with a ground-truth file");
        }
      }
      return switch (chosen) {
        case WNID_FOLDERS -> wnidFolders(dir, subdirs);
        case IMAGENET_VAL -> flatVal(dir, flat, labels);
        case FOLDER_PER_CLASS -> folderPerClass(dir, subdirs, labels);
        case AUTO -> throw new IllegalStateException("unreachable");
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset directory '" + dir + "'", e);
    }
  }

  private static Dataset wnidFolders(Path dir, List<Path> subdirs) throws IOException {
    ImageNetClasses c = ImageNetClasses.standard();
    var samples = new ArrayList<Sample>();
    for (Path sub : subdirs) {
      String name = sub.getFileName().toString();
      if (!c.contains(name)) {
        throw new IllegalArgumentException(
            "folder '"
                + sub
                + "' is not named by one of the 1000 ILSVRC-2012 WordNet ids; use --layout folder-per-class --labels FILE");
      }
      int label = c.indexOfWnid(name);
      for (Path f : images(sub)) {
        samples.add(new Sample(f, label));
      }
    }
    return Dataset.of(dir, DatasetLayout.WNID_FOLDERS, sorted(samples), c.size());
  }

  private static Dataset folderPerClass(Path dir, List<Path> subdirs, Optional<Path> labels)
      throws IOException {
    var classOf = new HashMap<String, Integer>();
    int classes;
    if (labels.isPresent()) {
      List<String> lines = Files.readAllLines(labels.get(), StandardCharsets.UTF_8);
      int i = 0;
      for (String line : lines) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String name = t.split("[\\s,]+", 2)[0];
        if (classOf.putIfAbsent(name, i) != null) {
          throw new IllegalArgumentException(
              "labels file '" + labels.get() + "' lists class '" + name + "' twice");
        }
        i++;
      }
      classes = i;
    } else {
      for (int i = 0; i < subdirs.size(); i++) {
        classOf.put(subdirs.get(i).getFileName().toString(), i);
      }
      classes = subdirs.size();
    }
    var samples = new ArrayList<Sample>();
    for (Path sub : subdirs) {
      String name = sub.getFileName().toString();
      Integer label = classOf.get(name);
      if (label == null) {
        throw new IllegalArgumentException(
            "class folder '"
                + name
                + "' is not in the labels file '"
                + labels.map(Path::toString).orElse("")
                + "'");
      }
      for (Path f : images(sub)) {
        samples.add(new Sample(f, label));
      }
    }
    return Dataset.of(dir, DatasetLayout.FOLDER_PER_CLASS, sorted(samples), classes);
  }

  private static Dataset flatVal(Path dir, List<Path> files, Optional<Path> labels)
      throws IOException {
    Path gt = labels.orElseGet(() -> findGroundTruth(dir));
    Map<Integer, Integer> labelOf = readGroundTruth(gt);
    var samples = new ArrayList<Sample>();
    for (Path f : files) {
      Matcher m = VAL_FILE.matcher(f.getFileName().toString());
      if (!m.matches() || !isImage(f)) {
        continue;
      }
      Integer label = labelOf.get(Integer.parseInt(m.group(1)));
      if (label == null) {
        throw new IllegalArgumentException(
            "ground-truth file '" + gt + "' has no label for " + f.getFileName());
      }
      samples.add(new Sample(f, label));
    }
    return Dataset.of(
        dir, DatasetLayout.IMAGENET_VAL, sorted(samples), ImageNetClasses.standard().size());
  }

  private static Path findGroundTruth(Path dir) {
    var places = new ArrayList<Path>();
    places.add(dir);
    if (dir.toAbsolutePath().getParent() != null) {
      places.add(dir.toAbsolutePath().getParent());
    }
    for (Path p : places) {
      for (String n : GROUND_TRUTH_NAMES) {
        if (Files.isRegularFile(p.resolve(n))) {
          return p.resolve(n);
        }
      }
    }
    throw new IllegalArgumentException(
        "no ground-truth file for the ILSVRC2012_val_* images in '"
            + dir
            + "': put one of "
            + GROUND_TRUTH_NAMES
            + " next to them or name it with --labels FILE");
  }

  /** Image number (the digits of ILSVRC2012_val_NNNNNNNN) to output index. */
  static Map<Integer, Integer> readGroundTruth(Path gt) throws IOException {
    ImageNetClasses c = ImageNetClasses.standard();
    List<String> lines =
        Files.readAllLines(gt, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("ground-truth file '" + gt + "' is empty");
    }
    var map = new HashMap<Integer, Integer>();
    String first = lines.get(0);
    int lineNo = 0;
    try {
      if (first.startsWith("ImageId") || first.contains(",")) {
        // LOC_val_solution.csv: ImageId,PredictionString (WordNet id first, then boxes)
        for (String line : lines) {
          lineNo++;
          if (line.startsWith("ImageId")) {
            continue;
          }
          String[] cols = line.split(",", 2);
          Matcher m = Pattern.compile("ILSVRC2012_val_(\\d+)").matcher(cols[0]);
          if (!m.find() || cols.length < 2) {
            throw new IllegalArgumentException("expected 'ILSVRC2012_val_NNNNNNNN,nXXXXXXXX ...'");
          }
          map.put(Integer.parseInt(m.group(1)), c.indexOfWnid(cols[1].strip().split("\\s+")[0]));
        }
      } else if (first.split("\\s+").length >= 2) {
        // Caffe's val.txt: FILE INDEX (or FILE WNID)
        for (String line : lines) {
          lineNo++;
          String[] t = line.split("\\s+");
          Matcher m = VAL_FILE.matcher(t[0]);
          if (!m.matches()) {
            throw new IllegalArgumentException("expected 'ILSVRC2012_val_NNNNNNNN.JPEG LABEL'");
          }
          int label = WNID.matcher(t[1]).matches() ? c.indexOfWnid(t[1]) : Integer.parseInt(t[1]);
          if (label < 0 || label >= c.size()) {
            throw new IllegalArgumentException("label " + label + " is not in 0..999");
          }
          map.put(Integer.parseInt(m.group(1)), label);
        }
      } else {
        // devkit: line k holds the ILSVRC2012_ID of image k
        for (String line : lines) {
          lineNo++;
          map.put(lineNo, c.indexOfDevkitId(Integer.parseInt(line)));
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "ground-truth file '"
              + gt
              + "' line "
              + lineNo
              + ": not a number ("
              + e.getMessage()
              + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ground-truth file '" + gt + "' line " + lineNo + ": " + e.getMessage());
    }
    return map;
  }

  private static List<Path> images(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(Datasets::isImage).sorted().toList();
    }
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return !n.startsWith(".")
        && (n.endsWith(".jpg")
            || n.endsWith(".jpeg")
            || n.endsWith(".png")
            || n.endsWith(".bmp")
            || n.endsWith(".gif"));
  }

  private static List<Sample> sorted(List<Sample> samples) {
    return samples.stream().sorted(Comparator.comparing(s -> s.file().toString())).toList();
  }
}
