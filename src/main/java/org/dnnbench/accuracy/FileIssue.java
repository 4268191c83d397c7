package org.dnnbench.accuracy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something about one image file worth reporting: a file that could not be decoded (skipped) or one
 * that needed care (decoded).
 *
 * @param file the image file
 * @param reason what was found, e.g. {@code unreadable: ...}, {@code CMYK JPEG}, {@code grayscale},
 *     {@code PNG data in a .JPEG file}
 * @param skipped whether the file was left out of the evaluation
 */
public record FileIssue(Path file, String reason, boolean skipped) {
  public FileIssue {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
  }
}
