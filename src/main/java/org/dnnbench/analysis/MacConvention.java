package org.dnnbench.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Node;

/** How multiply-accumulates are counted. FLOPs are always {@code 2 x MACs}. */
public enum MacConvention {
  /**
   * torchvision's published "GFLOPS" convention (the default): every matrix product counts. A
   * convolution {@code kh*kw*(Cin/groups)*Cout*Hout*Wout}, a transposed one {@code
   * kh*kw*Cin*(Cout/groups)*Hin*Win}, a fully connected layer {@code in*out} per position, a matrix
   * product between activations {@code M*K*N} per broadcast matrix (attention's {@code QK^T} and
   * {@code AV} included, so ViT-B/16 comes to torchvision's 17.56 GMACs); bias adds, batch and
   * layer norm, pooling, activations, element-wise ops and softmax count nothing.
   */
  TORCHVISION(
      "torchvision",
      "every matrix product: convolutions, fully connected layers and matrix products between"
          + " activations (attention included), no bias adds"),
  /**
   * The study's own counter: convolutions only (fully connected layers not at all), each bias add
   * counting half a MAC divided by the groups.
   */
  STUDY("study", "convolutions only, bias adds as half a MAC / groups, no fully connected layers");

  private final String id;
  private final String description;

  MacConvention(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The name used on the command line, e.g. {@code torchvision}. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /**
   * MACs per sample of one node under this convention. A double because the study's convention
   * counts fractions.
   */
  public double macs(Node node) {
    return switch (this) {
      case TORCHVISION -> node.macs();
      case STUDY ->
          node.op() instanceof Conv2d c ? node.macs() + 0.5 * node.biasAdds() / c.groups() : 0;
    };
  }

  /** The convention of that name, or an error listing the valid names. */
  public static MacConvention byId(String id) {
    for (MacConvention c : values()) {
      if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown convention '" + id + "'; valid: " + ids());
  }

  /** The valid names, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(MacConvention::id).collect(Collectors.joining(", "));
  }
}
