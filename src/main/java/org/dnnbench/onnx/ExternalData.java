package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The side file of a model exported with ONNX external data: each large tensor's raw bytes are
 * written here as they are made (so no copy of all the weights is ever held) at an offset aligned
 * to {@value #ALIGNMENT} bytes, and the tensor keeps only {@code data_location = EXTERNAL} and the
 * {@code location}, {@code offset} and {@code length} entries of ONNX's external-data convention
 * ({@code onnx/docs/ExternalData.md}), {@code location} relative to the model file's directory.
 */
final class ExternalData implements AutoCloseable {
  /** Tensors smaller than this stay inside the model file (onnx's default size threshold). */
  static final int MIN_BYTES = 1024;

  /** Offsets are multiples of the page size, so that an engine can map each tensor. */
  static final int ALIGNMENT = 4096;

  private final Path file;
  private final String location;
  private final FileChannel channel;
  private long offset;

  /** Creates (or truncates) {@code file}, to be referred to as {@code file}'s name. */
  ExternalData(Path file) {
    this.file = file;
    this.location = file.getFileName().toString();
    try {
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Appends {@code raw} to the side file and points tensor {@code t} at it. */
  void add(TensorProto.Builder t, byte[] raw) {
    try {
      long start = (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
      ByteBuffer b = ByteBuffer.wrap(raw);
      long at = start;
      while (b.hasRemaining()) {
        at += channel.write(b, at);
      }
      offset = start + raw.length;
      t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", location))
          .addExternalData(entry("offset", Long.toString(start)))
          .addExternalData(entry("length", Integer.toString(raw.length)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
