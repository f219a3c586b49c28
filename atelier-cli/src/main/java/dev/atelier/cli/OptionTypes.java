package dev.atelier.cli;

import dev.atelier.audit.report.ReportFormat;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.StyleLossKind;
import dev.atelier.style.engine.StyleMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.train.model.Architecture;
import picocli.CommandLine;

/**
 * The closed sets of names the CLI's options take, as picocli type converters registered once for
 * every command: an option declared with one of these types is converted by the type's own
 * {@code parse}, whose one-line {@link InvalidInputException} (naming the valid values) the command line
 * prints as {@code atelier: ...} with exit code 2. No command parses these names itself.
 */
final class OptionTypes {
    private OptionTypes() {}

    /** Registers the converters on {@code cl} and every subcommand it has now. */
    static void register(CommandLine cl) {
        cl.registerConverter(VggArchitecture.class, VggArchitecture::parse);
        cl.registerConverter(PoolingMode.class, PoolingMode::parse);
        cl.registerConverter(FeaturePrecision.class, FeaturePrecision::parse);
        cl.registerConverter(StyleMode.class, StyleMode::parse);
        cl.registerConverter(StyleRecipe.class, StyleRecipe::parse);
        cl.registerConverter(StyleLossKind.class, StyleLossKind::parse);
        cl.registerConverter(ColorMode.class, ColorMode::parse);
        cl.registerConverter(dev.atelier.style.engine.OptimizerKind.class, dev.atelier.style.engine.OptimizerKind::parse);
        cl.registerConverter(LineSearch.class, LineSearch::parse);
        cl.registerConverter(ReportFormat.class, ReportFormat::parse);
        cl.registerConverter(Architecture.class, Architecture::parse);
        cl.registerConverter(dev.atelier.core.device.ComputeDevice.class, dev.atelier.core.device.ComputeDevice::parse);
    }
}
