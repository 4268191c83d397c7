package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnnbench.app.PrecisionService;
import org.dnnbench.results.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench quantize FILE.onnx --calibration DIR -o OUT.onnx}: static int8 (QDQ). */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Quantize a model to int8 (static, QDQ form) and write it: weights symmetric int8 per output"
          + " channel from the file's own initializers, activations uint8 per tensor with ranges"
          + " calibrated on your images (through the model's preprocessing) or, without"
          + " --calibration, on random inputs (good for timing only). ONNX Runtime fuses the"
          + " result into its int8 kernels (QLinearConv, QLinearAdd, QGemm, ...).",
      "",
      "Example: dnnbench quantize resnet50.onnx --calibration ~/imagenet/val -o resnet50-int8.onnx"
    })
final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "An ONNX file (FILE.onnx, trained weights kept) or a catalog id.")
  String model;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "OUT.onnx",
      required = true,
      description = "Where to write the int8 model.")
  Path output;

  @Mixin CalibrationOptions calibration;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = Defaults.SEED,
      description =
          "Seed of a catalog model's weights and of random inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    var w =
        PrecisionService.write(
            new PrecisionService.Request(
                model,
                Precision.INT8,
                calibration.folder(),
                calibration.images,
                calibration.options(),
                seed,
                output));
    print(spec, w);
    return ExitCodes.OK;
  }

  static void print(CommandSpec spec, PrecisionService.Written w) {
    w.warning().ifPresent(m -> spec.commandLine().getErr().println("warning: " + m));
    spec.commandLine()
        .getOut()
        .printf(Locale.ROOT, "wrote %s (%.1f MB): %s%n", w.output(), w.bytes() / 1e6, w.summary());
  }
}
