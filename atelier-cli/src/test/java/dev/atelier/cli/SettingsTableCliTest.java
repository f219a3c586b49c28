package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.commands.SettingOptions;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.harmonize.Composite;
import dev.atelier.style.harmonize.HarmonizationListener;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.harmonize.Harmonizer;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line against the settings tables: every setting it offers is an option with the table's
 * default in its help, every option reaches the run as the table parses it, and a run typed on the command
 * line paints exactly what the library paints with the same settings.
 */
class SettingsTableCliTest {
    private static final Path EXAMPLES = ShippedExamples.ROOT;
    /** A value each setting accepts, for settings whose default is described in words. */
    private static final Map<String, String> SAMPLES = Map.of("net", "vgg16", "pooling", "max", "content_layers",
            "relu3_1", "style_layers", "relu1_1:0.5,relu2_1:2", "content_weight", "2", "style_weight", "30",
            "tv_weight", "0.5", "lr", "0.5", "init", "noise");

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @Test
    void everyStylizeAndHarmonizeSettingIsAnOptionShowingTheTablesDefault() {
        CommandLine cl = AtelierCli.newCommandLine();
        checkOptions(cl, "stylize", StyleTransferSettingsTable.TABLE);
        checkOptions(cl, "harmonize", HarmonizationSettingsTable.TABLE);
    }

    private static void checkOptions(CommandLine cl, String command, SettingsTable<?, ?> table) {
        CommandLine.Model.CommandSpec spec = SettingOptions.subcommand(cl, command);
        String help = cl.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(table.offeredBy(FrontEnd.CLI)).isNotEmpty();
        for (Setting<?, ?, ?> s : table.offeredBy(FrontEnd.CLI)) {
            String name = "--" + s.key().replace('_', '-');
            CommandLine.Model.OptionSpec o = spec.findOption(name);
            assertThat(o).as("%s %s", command, name).isNotNull();
            assertThat(o.defaultValue()).as("no default of its own: the table's applies").isNull();
            assertThat(String.join(" ", o.description())).contains("(default: " + s.defaultText() + ")");
            assertThat(help).contains(name + "=" + s.valueLabel());
        }
    }

    @Test
    void everyStylizeOptionReachesTheSettingsAsTheTableReadsIt() {
        for (Setting<?, StyleTransferSettings.Builder, StyleTransferSettings> s
                : StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.CLI)) {
            String text = SAMPLES.getOrDefault(s.key(), s.defaultValue() == null ? s.defaultText()
                    : ((Setting) s).type().format(s.defaultValue()));
            String name = "--" + s.key().replace('_', '-');
            CommandLine.ParseResult r = AtelierCli.newCommandLine().parseArgs("stylize", "a.png", "b.png", "-o", "o.png",
                    name, text);
            Map<String, String> typed = SettingOptions.typed(r.subcommand().commandSpec(), StyleTransferSettingsTable.TABLE,
                    FrontEnd.CLI);
            assertThat(typed).as(name).containsExactly(Map.entry(s.key(), text));
            StyleTransferSettings.Builder fromCli = StyleTransferSettingsTable.TABLE.apply(
                    StyleTransferSettings.frontEndBuilder(), typed, FrontEnd.CLI);
            StyleTransferSettings.Builder direct = StyleTransferSettings.frontEndBuilder();
            s.applyText(direct, text);
            assertThat(s.valueIn(fromCli.build())).as(name).isEqualTo(s.valueIn(direct.build()));
        }
    }

    @Test
    void stylizeWritesExactlyWhatTheLibraryPaintsWithTheSameSettings() throws Exception {
        Path content = EXAMPLES.resolve("content/chelsea.png");
        Path style = EXAMPLES.resolve("style/hokusai-great-wave.jpg");
        Path cli = dir.resolve("cli.png");
        CliRun run = CliRun.execute("stylize", content.toString(), style.toString(), "-o", cli.toString(), "--size", "64",
                "--max-evals", "6", "--seed", "3", "--precision", "fp32", "--recipe", "lesson13", "--colors", "keep",
                "--style-weight", "50");
        assertThat(run.code()).as(run.err()).isZero();

        StyleTransferSettings settings = StyleTransferSettings.builder().optSize(64).optMaxEvaluations(6).optSeed(3)
                .optRecipe(dev.atelier.style.engine.StyleRecipe.LESSON13)
                .optColorMode(dev.atelier.style.engine.ColorMode.KEEP).optStyleWeight(50.0).optRandomWeights(true).build();
        RgbImage painted = new StyleTransferEngine(settings, NetworkWeights.random())
                .run(List.of(RgbImage.read(content)), List.of(StyleInput.of(RgbImage.read(style))),
                        new StyleTransferListener() {}, new RunControl()).images().get(0);
        Path lib = dir.resolve("library.png");
        painted.write(lib);
        assertSamePixels(cli, lib);
    }

    @Test
    void harmonizeWritesExactlyWhatTheLibraryPaintsWithTheSameSettings() throws Exception {
        Path painting = EXAMPLES.resolve("harmonize/synthetic-painting.png");
        Path object = EXAMPLES.resolve("harmonize/synthetic-object.png");
        Path mask = EXAMPLES.resolve("harmonize/synthetic-mask.png");
        Path cli = dir.resolve("cli.png");
        CliRun run = CliRun.execute("harmonize", painting.toString(), object.toString(), "--mask", mask.toString(),
                "--at", "40,30", "--size", "160", "--max-evals", "6", "--level", "3", "--scales", "1", "--seed", "2",
                "--precision", "fp32", "-o", cli.toString());
        assertThat(run.code()).as(run.err()).isZero();

        HarmonizationSettings settings = HarmonizationSettings.builder().optSize(160).optMaxEvaluations(6).optLevel(3)
                .optScales("1").build();
        RgbImage p = RgbImage.read(painting);
        Composite composite = Composite.place(p, RgbImage.read(object), SoftMask.read(mask), 40, 30, 1);
        RgbImage painted;
        try (VggFeatures vgg = VggFeatures.builder().setArchitecture(VggArchitecture.VGG19)
                .setStateDict(VggWeightInit.torchvision(2).stateDict(VggArchitecture.VGG19)).optPooling(PoolingMode.MAX)
                .build()) {
            painted = new Harmonizer(settings, vgg, FeaturePrecision.FP32).run(p, composite, new HarmonizationListener() {})
                    .image();
        }
        Path lib = dir.resolve("library.png");
        painted.write(lib);
        assertSamePixels(cli, lib);
    }

    private static void assertSamePixels(Path a, Path b) throws Exception {
        BufferedImage x = ImageFiles.read(a);
        BufferedImage y = ImageFiles.read(b);
        assertThat(x.getWidth()).isEqualTo(y.getWidth());
        assertThat(x.getHeight()).isEqualTo(y.getHeight());
        int[] px = x.getRGB(0, 0, x.getWidth(), x.getHeight(), null, 0, x.getWidth());
        int[] py = y.getRGB(0, 0, y.getWidth(), y.getHeight(), null, 0, y.getWidth());
        assertThat(px).as("bit-identical pixels").isEqualTo(py);
    }
}
