package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.SafetensorsWriter;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Spark's rows against the settings table: every setting Spark offers is a job option with the table's
 * default and a manifest column that reaches the run; a row paints exactly what the library paints; a weight
 * file says which network it holds, as on the command line.
 */
class SparkSettingsTableTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()), "examples");
    private static final Map<String, String> SAMPLES = Map.of("net", "vgg16", "pooling", "max", "content_layers",
            "relu3_1", "style_layers", "relu1_1:0.5,relu2_1:2", "content_weight", "2", "style_weight", "30",
            "tv_weight", "0.5", "lr", "0.5");

    @TempDir
    Path dir;
    private String previousStore;

    @BeforeEach
    void emptyStore() throws Exception {
        previousStore = System.setProperty("atelier.cache.dir", Files.createDirectories(dir.resolve("store")).toString());
        ExecutorResources.release();
    }

    @AfterEach
    void restoreStore() {
        if (previousStore == null) {
            System.clearProperty("atelier.cache.dir");
        } else {
            System.setProperty("atelier.cache.dir", previousStore);
        }
        ExecutorResources.release();
    }

    @Test
    void everySparkSettingIsAJobOptionWithTheTablesDefaultAndAColumn() {
        CommandLine cl = AtelierSpark.newCommandLine();
        List<? extends Setting<?, ?, ?>> offered = StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.SPARK);
        assertThat(RowSettings.KEYS).containsExactlyElementsOf(offered.stream().map(Setting::key).toList());
        for (String job : List.of("stylize", "sweep")) {
            CommandLine.Model.CommandSpec spec = cl.getSubcommands().get(job).getCommandSpec();
            for (Setting<?, ?, ?> s : offered) {
                CommandLine.Model.OptionSpec o = spec.findOption("--" + s.key().replace('_', '-'));
                assertThat(o).as("%s --%s", job, s.key()).isNotNull();
                assertThat(o.defaultValue()).isNull();
                assertThat(String.join(" ", o.description())).contains("(rows' default: " + s.defaultText() + ")");
            }
        }
    }

    @Test
    void everyColumnReachesTheSettingsAsTheTableReadsIt() {
        for (Setting<?, StyleTransferSettings.Builder, StyleTransferSettings> s
                : StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.SPARK)) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            String text = SAMPLES.getOrDefault(s.key(), s.defaultValue() == null ? s.defaultText()
                    : ((Setting) s).type().format(s.defaultValue()));
            StyleTransferSettings fromRow = RowSettings.builder(Map.of(s.key(), text)).build();
            StyleTransferSettings.Builder direct = StyleTransferSettings.frontEndBuilder();
            s.applyText(direct, text);
            assertThat(s.valueIn(fromRow)).as(s.key()).isEqualTo(s.valueIn(direct.build()));
        }
        // table readers hand whole numbers over as "64.0"
        assertThat(RowSettings.builder(Map.of("size", "64.0")).build().size()).isEqualTo(64);
    }

    @Test
    void aRowPaintsExactlyWhatTheLibraryPaintsWithTheSameSettings() throws Exception {
        Path content = EXAMPLES.resolve("content/chelsea.png");
        Path style = EXAMPLES.resolve("style/hokusai-great-wave.jpg");
        Map<String, String> params = Map.of("size", "64", "max_evals", "6", "seed", "3", "precision", "fp32",
                "recipe", "lesson13", "style_weight", "50");
        RowResult r = row(params, null);
        assertThat(r.error()).isNull();

        StyleTransferSettings settings = StyleTransferSettings.builder().optSize(64).optMaxEvaluations(6).optSeed(3)
                .optRecipe(dev.atelier.style.engine.StyleRecipe.LESSON13).optStyleWeight(50.0).optRandomWeights(true)
                .build();
        RgbImage painted = new StyleTransferEngine(settings, NetworkWeights.random())
                .run(List.of(RgbImage.read(content)), List.of(StyleInput.of(RgbImage.read(style))),
                        new StyleTransferListener() {}, new RunControl()).images().get(0);
        Path lib = dir.resolve("library.png");
        painted.write(lib);
        assertThat(pixels(Path.of(r.output()))).as("bit-identical pixels").isEqualTo(pixels(lib));
    }

    @Test
    void aWeightFileSaysWhichNetworkItHoldsWhenTheRowDoesNot() throws Exception {
        Path weights = dir.resolve("vgg16_bn.safetensors");
        SafetensorsWriter.write(weights, VggWeightInit.torchvision(1).stateDict(VggArchitecture.VGG16_BN), Map.of());
        RowResult r = row(Map.of("size", "48", "max_evals", "2", "precision", "fp32", "content_layers", "relu2_2",
                "style_layers", "relu1_1:1"), weights.toString());
        assertThat(r.error()).isNull();
        JsonNode side = new ObjectMapper().readTree(Path.of(r.output() + ".json").toFile());
        assertThat(side.at("/settings/net").asText()).isEqualTo("vgg16_bn");
    }

    private RowResult row(Map<String, String> params, String weights) throws Exception {
        Path content = EXAMPLES.resolve("content/chelsea.png");
        Path style = EXAMPLES.resolve("style/hokusai-great-wave.jpg");
        StylizeJobConfig config = new StylizeJobConfig(dir.resolve("out").toString(), Map.of(), weights, false, Map.of());
        Configuration conf = config.hadoopConfiguration();
        return new RowStylizer(config, conf).run(new ManifestRow("r1", content.toString(), style.toString(), params),
                "attempt-0", 0, () -> false, conf);
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
