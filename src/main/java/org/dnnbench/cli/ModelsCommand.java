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
      "List the built-in models: id, the study's name, family, input size, exact trainable"
          + " parameters and the published top-1/top-5 accuracy (%%, labelled published)."
    })
final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;

  @Override
  public Integer call() {
    var t =
        Table.withColumns(
            "id", "name", "family", "input_size", "params", "published_top1", "published_top5");
    for (ModelInfo m : Catalog.standard().models()) {
      t.row(
          m.id(),
          m.paperName(),
          m.family(),
          m.inputSize(),
          m.referenceParams(),
          m.publishedTop1().isPresent() ? m.publishedTop1().getAsDouble() : null,
          m.publishedTop5().isPresent() ? m.publishedTop5().getAsDouble() : null);
    }
    spec.commandLine().getOut().print(format.format.render(t.build()));
    return 0;
  }
}
