package org.dnnbench.app;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where a command will write before it starts its work, so that a benchmark of minutes is
 * not lost to a report directory that turns out to be a file, or an export to a read-only place.
 * Each check writes (and removes) a probe file where the output goes: permission bits alone mislead
 * (root may "write" to {@code /proc}, a read-only mount keeps its bits).
 */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * Refuses {@code file} (given as {@code option}, e.g. {@code -o}) when it cannot be written: a
   * directory, a missing or read-only parent directory.
   *
   * @throws IllegalArgumentException naming the option, the path and the reason
   */
  public static void checkFile(Path file, String option) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "cannot write " + option + " " + file + ": it is a directory; name a file in it");
    }
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "cannot write "
              + option
              + " "
              + file
              + ": directory "
              + parent
              + " does not exist; create it or name another file");
    }
    if (Files.exists(abs) && !Files.isRegularFile(abs)) {
      throw new IllegalArgumentException(
          "cannot write " + option + " " + file + ": it is not a regular file");
    }
    probe(parent, option, file);
  }

  /**
   * Refuses {@code dir} (given as {@code option}, e.g. {@code --out}) when a directory cannot be
   * created or written there: an existing file, a read-only ancestor.
   *
   * @throws IllegalArgumentException naming the option, the path and the reason
   */
  public static void checkDirectory(Path dir, String option) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "cannot write "
              + option
              + " "
              + dir
              + ": it is a file, not a directory; name a directory");
    }
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new IllegalArgumentException(
          "cannot write "
              + option
              + " "
              + dir
              + ": "
              + existing
              + " is a file, not a directory; name a directory");
    }
    probe(existing, option, dir);
  }

  private static void probe(Path dir, String option, Path given) {
    try {
      Path p = Files.createTempFile(dir, ".dnnbench-write-check-", ".tmp");
      Files.delete(p);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      String why;
      if (e instanceof java.nio.file.AccessDeniedException) {
        why = "permission denied";
      } else if (e instanceof java.nio.file.ReadOnlyFileSystemException) {
        why = "read-only file system";
      } else if (e instanceof FileSystemException f && f.getReason() != null) {
        why = f.getReason();
      } else if (e instanceof java.nio.file.NoSuchFileException) {
        why = "no files can be created there";
      } else {
        why = e.getMessage() == null ? "cannot create a file there" : e.getMessage();
      }
      throw new IllegalArgumentException(
          "cannot write "
              + option
              + " "
              + given
              + ": "
              + dir
              + " is not writable ("
              + why
              + "); name another place",
          e);
    }
  }
}
