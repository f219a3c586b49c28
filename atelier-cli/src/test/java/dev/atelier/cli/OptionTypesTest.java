package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.audit.report.ReportFormat;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.StyleLossKind;
import dev.atelier.style.engine.StyleMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.optim.LineSearch;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Options that name one of a closed set are typed: a wrong name is refused while the command line is
 * parsed (before any image, weight or data set is read) with one line listing the valid names, and a
 * right one arrives in the command as the enum constant, aliases included.
 */
class OptionTypesTest {
    static Stream<Arguments> wrongNames() {
        return Stream.of(
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--pooling", "cube"),
                        "unknown pooling 'cube'; use max or avg"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--net", "vgg11"),
                        "unknown network 'vgg11'; valid networks are vgg16, vgg16_bn, vgg19, vgg19_bn"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--recipe", "monet"),
                        "unknown recipe 'monet'; use gatys or lesson13"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--mode", "paint"),
                        "unknown mode 'paint'; use transfer, content or style"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--style-loss", "l2"),
                        "unknown style loss 'l2'; use gram, diagonal or moments"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--colors", "sepia"),
                        "unknown colour mode 'sepia'; use none, keep or match"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--optimizer", "sgd"),
                        "unknown optimizer 'sgd'; use lbfgs or adam"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--line-search", "armijo"),
                        "unknown line search 'armijo'; use strong-wolfe or none"),
                Arguments.of(List.of("stylize", "a.png", "b.png", "-o", "o.png", "--precision", "fp8"),
                        "unknown network precision 'fp8'; use auto, fp32 or bf16"),
                Arguments.of(List.of("bench", "style", "--precision", "half"),
                        "unknown network precision 'half'; use auto, fp32 or bf16"),
                Arguments.of(List.of("features", "a.png", "--pooling", "min"), "unknown pooling 'min'; use max or avg"),
                Arguments.of(List.of("judge", "a.png", "--content", "b.png", "--style", "c.png", "--recipe", "x"),
                        "unknown recipe 'x'; use gatys or lesson13"),
                Arguments.of(List.of("bench", "style", "--net", "alexnet"), "unknown network 'alexnet'"),
                Arguments.of(List.of("bench", "style", "--optimizer", "sgd"), "unknown optimizer 'sgd'; use lbfgs or adam"),
                Arguments.of(List.of("weights", "random", "--net", "resnet50", "-o", "w.safetensors"),
                        "unknown network 'resnet50'"),
                Arguments.of(List.of("harmonize", "p.png", "o.png", "--mask", "m.png", "-o", "out.png", "--pooling", "x"),
                        "unknown pooling 'x'; use max or avg"),
                Arguments.of(List.of("gan", "score", "g.ckpt", "--classifier", "c.ckpt", "--arch", "vgg"),
                        "unknown architecture 'vgg' (expected simple, resnet)"),
                Arguments.of(List.of("audit", "data.csv", "--prediction", "y", "--group", "g", "--format", "pdf"),
                        "unknown report format 'pdf'; choose table, md, html or json"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongNames")
    void aWrongNameIsOneLineListingTheValidOnesAndExitTwo(List<String> args, String message) {
        CliRun run = CliRun.execute(args.toArray(String[]::new));
        assertThat(run.code()).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        // a usage error (atelier stylize: invalid value for --pooling: ...) or a bad value found later (atelier: ...)
        assertThat(run.err().strip()).startsWith("atelier").contains(message).doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void stylizeReceivesTypedValuesAliasesIncluded() {
        CommandLine.ParseResult r = AtelierCli.newCommandLine().parseArgs("stylize", "a.png", "b.png", "-o", "o.png",
                "--pooling", "average", "--net", "VGG16-BN", "--recipe", "lesson13", "--mode", "content", "--style-loss",
                "moments", "--colors", "keep", "--optimizer", "adam", "--line-search", "fixed", "--precision", "BF16");
        var typed = dev.atelier.commands.SettingOptions.typed(r.subcommand().commandSpec(),
                dev.atelier.style.engine.StyleTransferSettingsTable.TABLE, dev.atelier.style.settings.FrontEnd.CLI);
        var c = dev.atelier.style.engine.StyleTransferSettingsTable.TABLE.apply(
                dev.atelier.style.engine.StyleTransferSettings.frontEndBuilder(), typed,
                dev.atelier.style.settings.FrontEnd.CLI).build();
        assertThat(c.pooling()).isEqualTo(PoolingMode.AVERAGE);
        assertThat(c.network()).isEqualTo(VggArchitecture.VGG16_BN);
        assertThat(c.recipe()).isEqualTo(StyleRecipe.LESSON13);
        assertThat(c.mode()).isEqualTo(StyleMode.CONTENT);
        assertThat(c.styleLoss()).isEqualTo(StyleLossKind.MOMENTS);
        assertThat(c.colorMode()).isEqualTo(ColorMode.KEEP);
        assertThat(c.optimizer()).isEqualTo(dev.atelier.style.engine.OptimizerKind.ADAM);
        assertThat(c.lineSearch()).isEqualTo(LineSearch.NONE);
        assertThat(c.precision()).isEqualTo(FeaturePrecision.BF16);
    }

    @Test
    void defaultsAreConvertedToo() {
        CommandLine.ParseResult r = AtelierCli.newCommandLine().parseArgs("stylize", "a.png", "b.png", "-o", "o.png");
        var typed = dev.atelier.commands.SettingOptions.typed(r.subcommand().commandSpec(),
                dev.atelier.style.engine.StyleTransferSettingsTable.TABLE, dev.atelier.style.settings.FrontEnd.CLI);
        assertThat(typed).as("nothing typed: the table's defaults apply").isEmpty();
        var builder = dev.atelier.style.engine.StyleTransferSettingsTable.TABLE.apply(
                dev.atelier.style.engine.StyleTransferSettings.frontEndBuilder(), typed,
                dev.atelier.style.settings.FrontEnd.CLI);
        assertThat(builder.hasNetwork()).as("absent: the recipe's, or the weights'").isFalse();
        var c = builder.build();
        assertThat(c.recipe()).isEqualTo(StyleRecipe.GATYS);
        assertThat(c.mode()).isEqualTo(StyleMode.TRANSFER);
        assertThat(c.lineSearch()).isEqualTo(LineSearch.STRONG_WOLFE);
        assertThat(c.precision()).as("auto: what this processor computes natively").isEqualTo(FeaturePrecision.auto());
        AuditCommand a = parsed("audit", "d.csv", "--prediction", "y", "--group", "g", "--format", "markdown");
        assertThat(a.format).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(a.ratioBounds).containsExactly(0.8, 1.25);
    }

    @Test
    void ratioBoundsAreTwoFiniteNumbers() {
        CliRun three = CliRun.execute("audit", "d.csv", "--prediction", "y", "--group", "g", "--ratio-bounds", "0.5,1,2");
        assertThat(three.code()).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(three.err().strip()).isEqualTo("atelier: --ratio-bounds takes two numbers LO,HI (e.g. 0.8,1.25), got 3");
        CliRun words = CliRun.execute("audit", "d.csv", "--prediction", "y", "--group", "g", "--ratio-bounds", "low,high");
        assertThat(words.code()).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(words.err().strip()).contains("'low' is not a finite number").doesNotContain("\n");
    }

    @SuppressWarnings("unchecked")
    private static <T> T parsed(String... args) {
        CommandLine.ParseResult r = AtelierCli.newCommandLine().parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return (T) r.commandSpec().userObject();
    }
}
