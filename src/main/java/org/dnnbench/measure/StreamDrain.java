package org.dnnbench.measure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream to its end on its own thread, keeping at most the last {@code keep} bytes. */
final class StreamDrain extends Thread {
  private final InputStream in;
  private final int keep;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private byte[] tail = new byte[0];

  StreamDrain(InputStream in, int keep) {
    this.in = in;
    this.keep = keep;
    setDaemon(true);
  }

  @Override
  public void run() {
    byte[] b = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(b)) > 0) {
        buf.write(b, 0, n);
        if (buf.size() > 2 * keep && keep < Integer.MAX_VALUE / 2) {
          byte[] all = buf.toByteArray();
          buf.reset();
          buf.write(all, all.length - keep, keep);
        }
      }
    } catch (IOException e) {
      // the child is gone; keep what was read
    }
    tail = buf.toByteArray();
  }

  String text() {
    byte[] t = tail;
    int from = Math.max(0, t.length - keep);
    return new String(t, from, t.length - from, StandardCharsets.UTF_8);
  }
}
