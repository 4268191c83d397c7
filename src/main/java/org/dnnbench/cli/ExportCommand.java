package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnnbench.app.PrecisionService;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.Precision;
import org.dnnbench.zoo.Catalog;
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
      "Example: dnnbench export resnet50 -o resnet50.onnx",
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

  @Override
  public Integer call() {
    Precision p = Precision.parse(precision);
    if (calibration != null && p != Precision.INT8) {
      throw new IllegalArgumentException(
          "--calibration is for --precision int8, not " + p.id() + "; drop it or use int8");
    }
    if (p != Precision.FP32) {
      Catalog.standard().info(model); // an unknown id fails here with the valid ids
      var w =
          PrecisionService.write(
              new PrecisionService.Request(
                  model,
                  p,
                  java.util.Optional.ofNullable(calibration),
                  org.dnnbench.quant.ImageCalibration.DEFAULT_LIMIT,
                  org.dnnbench.quant.QuantOptions.defaults(),
                  seed,
                  output));
      QuantizeCommand.print(spec, w);
      return ExitCodes.OK;
    }
    var graph = Catalog.standard().build(model);
    org.dnnbench.app.OutputPaths.checkFile(output, "-o");
    boolean external = OnnxExporter.write(graph, seed, output);
    Path data = OnnxExporter.externalDataFile(output);
    long bytes = output.toFile().length() + (external ? data.toFile().length() : 0);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %s (%s, %.1f MB, seed %d)%s%n",
            output,
            model,
            bytes / 1e6,
            seed,
            external
                ? "; weights in ONNX external data " + data + ", keep it beside the .onnx"
                : "");
    return ExitCodes.OK;
  }
}
