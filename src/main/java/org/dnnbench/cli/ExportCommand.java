package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dnnbench.app.ExportService;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench export ID -o FILE.onnx}: a catalog model as an ONNX file with random weights. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write a catalog model as an ONNX file (opset "
          + OnnxExporter.OPSET
          + ", IR version "
          + OnnxExporter.IR_VERSION
          + ", NCHW float32, symbolic batch dimension '"
          + OnnxExporter.BATCH_DIM
          + "') with random weights from a seeded generator: He-uniform sqrt(6/fan_in) for"
          + " convolutions and fully connected layers, small biases, identity batch norm. Provenance"
          + " (dnnbench version, model, seed, weight convention, MACs) is in the model's metadata.",
      "",
      "With --precision int8 the model is quantized (static QDQ, calibrated on random inputs"
          + " unless --calibration DIR is given, see 'dnnbench quantize'); with fp16 its weights and"
          + " compute are half precision, input and outputs float32.",
      "",
      "With --input-size H[xW] the graph is built for that input (the ONNX input shape and the"
          + " MACs in the metadata are at that size, in any --precision); a size the architecture"
          + " cannot take is"
          + " refused with the sizes it accepts.",
      "",
      "Example: dnnbench export resnet50 -o resnet50.onnx",
      "         dnnbench export resnet50 --input-size 320 -o resnet50-320.onnx",
      "         dnnbench export resnet50 --precision int8 -o resnet50-int8.onnx"
    })
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "A catalog id (see 'dnnbench models').")
  String model;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE.onnx",
      required = true,
      description = "Where to write the model.")
  Path output;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = Defaults.SEED,
      description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--precision",
      paramLabel = "fp32|int8|fp16",
      defaultValue = "fp32",
      description = "Precision of the written model (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--calibration",
      paramLabel = "DIR",
      description = "int8 only: images to calibrate on (default: random inputs, timing only).")
  Path calibration;

  @Option(
      names = "--input-size",
      paramLabel = "H[xW]",
      converter = InputOption.Size.class,
      description =
          "Input height and width to build the model for, e.g. 320 or 320x256 (default: the"
              + " model's own size, see 'dnnbench models').")
  InputOption.HeightWidth size;

  @Override
  public Integer call() {
    var w =
        ExportService.write(
            new ExportService.Request(
                model,
                Precision.parse(precision),
                Optional.ofNullable(calibration),
                seed,
                output,
                size == null ? List.of() : List.of(size.h(), size.w())));
    w.warning().ifPresent(m -> spec.commandLine().getErr().println("warning: " + m));
    spec.commandLine().getOut().println(w.line());
    return ExitCodes.OK;
  }
}
