package org.dnnbench.cli;

import java.util.concurrent.Callable;
import org.dnnbench.format.Table;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnnbench models}: the catalog. */
@Command(
    name = "models",
    description = {
      "List the built-in models: id, name, family, the year the architecture was published,"
          + " set (study: one of the study's 42; later: added since), input size, exact trainable"
          + " parameters and the published top-1/top-5 accuracy (%%, labelled published: the"
          + " study's figures for its models, torchvision's default weights' for the later ones)."
    })
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;

  @Override
  public Integer call() {
    var t =
        Table.withColumns(
            "id",
            "name",
            "family",
            "year",
            "set",
            "input_size",
            "params",
            "published_top1",
            "published_top5");
    for (ModelInfo m : Catalog.standard().models()) {
      t.row(
          m.id(),
          m.paperName(),
          m.family(),
          m.year(),
          m.era().id(),
          m.inputSize(),
          m.referenceParams(),
          m.publishedTop1().isPresent() ? m.publishedTop1().getAsDouble() : null,
          m.publishedTop5().isPresent() ? m.publishedTop5().getAsDouble() : null);
    }
    spec.commandLine().getOut().print(format.format.render(t.build()));
    return 0;
  }
}
