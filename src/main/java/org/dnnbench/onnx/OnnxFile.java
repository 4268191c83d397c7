package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reading an ONNX file: memory-maps it and parses the protobuf with the weights' bytes aliased, not
 * copied (a VGG file is half a gigabyte). Checks only what parsing needs: that the bytes are a
 * protobuf and hold a graph.
 */
final class OnnxFile {
  private OnnxFile() {}

  /** The model in {@code file}; one-line {@link ImportException}s for missing or broken files. */
  static ModelProto read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new ImportException(
            "ONNX file '"
                + file
                + "' is over 2 GB; such models keep their weights in external data files: pass the .onnx file that refers to them");
      }
      ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return parse(CodedInputStream.newInstance(mapped), file.toString());
    } catch (NoSuchFileException e) {
      throw new ImportException("ONNX file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX file '" + file + "'", e);
    }
  }

  /** The model in {@code bytes}; {@code source} names it in errors. */
  static ModelProto read(byte[] bytes, String source) {
    return parse(CodedInputStream.newInstance(bytes), source);
  }

  private static ModelProto parse(CodedInputStream in, String source) {
    ModelProto model;
    try {
      // alias the weights' bytes instead of copying them
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      model = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': not a valid ONNX protobuf ("
              + oneLine(e.getMessage())
              + ")",
          e);
    } catch (IOException e) {
      throw new ImportException(
          "malformed ONNX file '" + source + "': " + oneLine(e.getMessage()), e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': it holds no graph (truncated or not an ONNX model?)");
    }
    return model;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
