package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atelier.commands.CommandLineErrors;
import dev.atelier.commands.SettingOptions;
import dev.atelier.core.SettingException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.ColorMode;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.stylenet.StyleNetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code style-net train}'s recipe, colours, style scale and weights are stylize's settings, derived from
 * {@link StyleTransferSettingsTable}: the same options, help, defaults and refusals, and the same values
 * reach the training's loss as the command computed before they were derived.
 */
class StyleNetTrainSettingsTest {
    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @TempDir
    static Path tmp;
    private static Path photos;
    private static Path style;

    @BeforeAll
    static void pictures() throws Exception {
        photos = Files.createDirectories(tmp.resolve("photos"));
        TestImages.pattern(photos.resolve("a.png"), 0x336699);
        TestImages.pattern(photos.resolve("b.png"), 0x993322);
        style = TestImages.pattern(tmp.resolve("style.png"), 0xdd8800);
    }

    private static Setting<?, StyleTransferSettings.Builder, StyleTransferSettings> setting(String key) {
        return StyleTransferSettingsTable.TABLE.find(key).orElseThrow();
    }

    @Test
    void theSixSettingsAreStylizesOptionsWithTheTablesHelp() {
        CommandLine cl = AtelierCli.newCommandLine();
        CommandLine.Model.CommandSpec train = SettingOptions.subcommand(cl, "style-net", "train");
        CommandLine.Model.CommandSpec stylize = SettingOptions.subcommand(cl, "stylize");
        CliRun help = CliRun.execute("style-net", "train", "--help");
        assertThat(help.code()).isZero();
        String usage = help.out().replaceAll("\\s+", " ");
        assertThat(StyleNetTrainCommand.SETTINGS).containsExactlyInAnyOrder("recipe", "colors", "style_scale",
                "content_weight", "style_weight", "tv_weight");
        for (String key : StyleNetTrainCommand.SETTINGS) {
            Setting<?, ?, ?> s = setting(key);
            String name = "--" + key.replace('_', '-');
            CommandLine.Model.OptionSpec o = train.findOption(name);
            assertThat(o).as(name).isNotNull();
            assertThat(o.defaultValue()).as("no default of its own: the table's applies").isNull();
            assertThat(String.join(" ", o.description())).as(name)
                    .isEqualTo(s.help() + " (default: " + s.defaultText() + ").")
                    .isEqualTo(String.join(" ", stylize.findOption(name).description()));
            assertThat(o.paramLabel()).isEqualTo(s.valueLabel());
            assertThat(usage).as(name).contains(name + "=" + s.valueLabel())
                    .contains(s.help() + " (default: " + s.defaultText() + ").");
        }
        // the rest of the table is about optimising pixels: not offered, and the command's own --size, --lr and
        // --seed (crops, Adam, the network's seed) are its own options, not the table's
        assertThat(train.findOption("--max-evals")).isNull();
        assertThat(train.findOption("--style-loss")).isNull();
        assertThat(String.join(" ", train.findOption("--size").description())).contains("training crops")
                .doesNotContain(setting("size").help());
    }

    /** The one line {@code args} printed on stderr, with exit code 2. */
    private static String refusal(String... args) {
        CliRun r = CliRun.execute(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(AtelierCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception");
        return r.err().strip();
    }

    private static String[] with(String[] base, String option, String value) {
        List<String> all = new ArrayList<>(Arrays.asList(base));
        all.add(option);
        all.add(value);
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource({"--style-scale,0", "--style-scale,17", "--style-scale,x", "--colors,maybe", "--recipe,foo",
        "--content-weight,-1", "--style-weight,-0.5", "--tv-weight,nan"})
    void aBadValueIsTheLineStylizeSaysBeforeAnyInputIsRead(String option, String value) throws Exception {
        Path out = tmp.resolve("refused/" + option.substring(2) + ".stylenet");
        // neither the style nor the photos exist: the value is refused before either is looked at
        String train = refusal(with(new String[] {"style-net", "train", tmp.resolve("absent.png").toString(),
            "--photos", tmp.resolve("absent").toString(), "-o", out.toString()}, option, value));
        String stylize = refusal(with(new String[] {"stylize", photos.resolve("a.png").toString(), style.toString(),
            "-o", tmp.resolve("stylize-refused/out.png").toString()}, option, value));
        // a usage error names the command it was typed to; otherwise the lines are the same
        assertThat(train).isEqualTo(stylize.replace("atelier stylize", "atelier style-net train"));
        assertThat(train).contains(option).contains(tableSays(option.substring(2).replace('-', '_'), value));
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    /** What the table says of {@code value} for {@code key}: its type's refusal, else its range's. */
    private static String tableSays(String key, String value) {
        Setting<?, ?, ?> s = setting(key);
        SettingException e;
        try {
            Object parsed = s.type().parse(key, value);
            e = catchThrowableOfType(SettingException.class, () -> s.range().check(key, (Number) parsed));
        } catch (SettingException notOfItsType) {
            e = notOfItsType;
        }
        assertThat(e).as("the table refuses %s=%s", key, value).isNotNull();
        return e.detail();
    }

    @Test
    void aRangeRefusalIsTheTablesLineNamingTheOption() {
        String line = refusal("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                tmp.resolve("x.stylenet").toString(), "--style-scale", "0");
        SettingException e = catchThrowableOfType(SettingException.class,
                () -> StyleTransferSettings.builder().optStyleScale(0).build());
        assertThat(line).isEqualTo("atelier: " + CommandLineErrors.message(e))
                .isEqualTo("atelier: --style-scale: must be positive and at most 16, got 0");
        assertThat(tmp.resolve("x.stylenet")).doesNotExist();
        assertThat(tmp.resolve("x.stylenet.ckpt")).doesNotExist();
    }

    /** The command {@code args} were parsed into, its options set, nothing run. */
    private static StyleNetTrainCommand parsed(String... extra) {
        List<String> args = new ArrayList<>(List.of("style-net", "train", style.toString(), "--photos",
                photos.toString(), "-o", "n.stylenet"));
        args.addAll(List.of(extra));
        CommandLine.ParseResult r = AtelierCli.newCommandLine().parseArgs(args.toArray(String[]::new));
        return (StyleNetTrainCommand) r.subcommand().subcommand().commandSpec().userObject();
    }

    /** The loss's settings as the command built them before they came from the table. */
    private static StyleTransferSettings asBefore(StyleRecipe recipe, ColorMode colors, double styleScale,
            Double contentWeight, Double styleWeight, Double tvWeight, boolean random) {
        return StyleTransferSettings.builder().optRecipe(recipe).optNetwork(recipe.network()).optColorMode(colors)
                .optStyleScale(styleScale).optContentWeight(contentWeight).optStyleWeight(styleWeight)
                .optTvWeight(tvWeight).optRandomWeights(random).build();
    }

    private static StyleTransferSettings derived(StyleNetTrainCommand c, boolean random) {
        StyleTransferSettings.Builder b = c.typedSettings();
        return b.optNetwork(b.build().recipe().network()).optRandomWeights(random).build();
    }

    @Test
    void theDefaultsReachTheLossAsBeforeTheStyleWeightX10OnRandomWeights() {
        for (boolean random : new boolean[] {true, false}) {
            StyleTransferSettings s = derived(parsed(), random);
            assertThat(s.describe()).isEqualTo(asBefore(StyleRecipe.GATYS, ColorMode.NONE, 1.0, null, null, null, random)
                    .describe());
            assertThat(s.recipe()).isEqualTo(StyleRecipe.GATYS);
            assertThat(s.colorMode()).isEqualTo(ColorMode.NONE);
            assertThat(s.styleScale()).isEqualTo(1.0);
            assertThat(s.contentWeight()).isEqualTo(StyleRecipe.GATYS.contentWeight());
            assertThat(s.tvWeight()).isEqualTo(StyleRecipe.GATYS.tvWeight());
            assertThat(s.styleWeight()).isEqualTo(StyleRecipe.GATYS.styleWeight() * (random ? 10 : 1));
        }
    }

    @Test
    void typedValuesReachTheLossAsBeforeAndTheCommandsOwnOptionsDoNot() {
        StyleNetTrainCommand c = parsed("--recipe", "lesson13", "--colors", "keep", "--style-scale", "0.5",
                "--content-weight", "2", "--style-weight", "30", "--tv-weight", "0.25", "--size", "64", "--lr", "0.01",
                "--seed", "5");
        StyleTransferSettings s = derived(c, true);
        assertThat(s.describe()).isEqualTo(asBefore(StyleRecipe.LESSON13, ColorMode.KEEP, 0.5, 2.0, 30.0, 0.25, true)
                .describe());
        assertThat(s.network()).isEqualTo(VggArchitecture.VGG16_BN);
        // a typed style weight is the user's: not boosted on random weights
        assertThat(s.styleWeight()).isEqualTo(30.0);
        assertThat(s.contentWeight()).isEqualTo(2.0);
        assertThat(s.tvWeight()).isEqualTo(0.25);
        // --size, --lr and --seed are the crops', Adam's and the network's: the table's settings keep their defaults
        assertThat(s.size()).isEqualTo(StyleTransferSettings.DEFAULT_SIZE);
        assertThat(s.seed()).isZero();
        assertThat(c.size).isEqualTo(64);
        assertThat(c.lr).isEqualTo(0.01);
        assertThat(c.seed).isEqualTo(5);
    }

    @Test
    void theNetworkFileRecordsTheTypedRecipeColoursAndStyleScale() throws Exception {
        Path net = tmp.resolve("run/keep.stylenet");
        CliRun r = CliRun.execute("style-net", "train", style.toString(), "--photos", photos.toString(), "-o",
                net.toString(), "--recipe", "lesson13", "--colors", "keep", "--style-scale", "0.5", "--size", "32",
                "--batch", "2", "--width", "4", "--residual-blocks", "1", "--iterations", "2", "--preview-every", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("lesson13 recipe on vgg16_bn");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            StyleNetFile.Loaded loaded = StyleNetFile.read(net, m);
            assertThat(loaded.keepColors()).isTrue();
            assertThat(loaded.metadata()).contains(Map.entry("recipe", "lesson13"), Map.entry("style_scale", "0.5"),
                    Map.entry("vgg", "vgg16_bn"));
        }
    }
}
