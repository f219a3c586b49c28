package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The one place where the VGG commands find their weights: which network, which weights, the one
 * warning about random weights and the refusal with {@code --require-pretrained}, the same for every
 * command that mixes the options in.
 */
class NetworkOptionsTest {
    @TempDir
    Path dir;


    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        NetworkOptions network;
    }

    private static NetworkOptions options(String... args) {
        Probe p = new Probe();
        CommandLine cl = new CommandLine(p);
        OptionTypes.register(cl);
        cl.parseArgs(args);
        return p.network;
    }

    @Test
    void withNothingInTheStoreTheDefaultNetworkRunsRandomAfterOneWarning() throws Exception {
        StringWriter err = new StringWriter();
        WeightOptions.Choice c = options().choose(VggArchitecture.VGG19);
        assertThat(c.architecture()).isEqualTo(VggArchitecture.VGG19);
        assertThat(c.weights(7, new PrintWriter(err, true))).isEmpty();
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("*** WARNING: no pretrained vgg19 weights in the store (")
                .contains("RANDOM weights (seed 7)").contains("`atelier weights fetch vgg19`").endsWith("***");
    }

    @Test
    void netOverridesTheCommandsDefault() throws Exception {
        assertThat(options("--net", "vgg16").choose(VggArchitecture.VGG19).architecture())
                .isEqualTo(VggArchitecture.VGG16);
        assertThat(options("--net", "vgg16").architectureBeforeLoading(VggArchitecture.VGG19))
                .contains(VggArchitecture.VGG16);
    }

    @Test
    void requirePretrainedRefusesRandomWeightsWithoutWarning() throws Exception {
        StringWriter err = new StringWriter();
        WeightOptions.Choice c = options("--require-pretrained").choose(VggArchitecture.VGG16_BN);
        assertThatThrownBy(() -> c.weights(0, new PrintWriter(err, true))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("no pretrained vgg16_bn weights in the store (")
                .hasMessageContaining("drop --require-pretrained");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void weightsSayWhichNetworkWhenNetIsAbsentAndNeedNoWarning() throws Exception {
        Path fixture = SharedFixtures.require("vgg16_bn_features_fixture.pth");
        StringWriter err = new StringWriter();
        WeightOptions.Choice c = options("--weights", fixture.toString()).choose(VggArchitecture.VGG19);
        assertThat(c.architecture()).as("detected from the file, not the default").isEqualTo(VggArchitecture.VGG16_BN);
        assertThat(c.weights(0, new PrintWriter(err, true))).hasValueSatisfying(w ->
                assertThat(w.sha256()).hasSize(64));
        assertThat(err.toString()).isEmpty();
        assertThat(options("--weights", fixture.toString(), "--net", "vgg19").choose(VggArchitecture.VGG16)
                .architecture()).as("--net wins").isEqualTo(VggArchitecture.VGG19);
    }

    @Test
    void stylizeAndFeaturesPrintTheSameWarning() throws Exception {
        Path image = TestImages.pattern(dir.resolve("pattern.png"), 0x336699);
        CliRun features = CliRun.execute("features", image.toString(), "--net", "vgg16", "--layers", "relu1_1");
        CliRun stylize = CliRun.execute("stylize", image.toString(), image.toString(), "-o", dir.resolve("o.png").toString(),
                "--net", "vgg16", "--content-layers", "relu1_1", "--style-layers", "relu1_1:1", "--size", "32",
                "--max-evals", "1", "--scales", "1");
        assertThat(features.code()).as(features.err()).isZero();
        assertThat(stylize.code()).as(stylize.err()).isZero();
        String warning = warning(features.err());
        assertThat(warning).contains("no pretrained vgg16 weights").contains("(seed 0)");
        assertThat(warning(stylize.err())).isEqualTo(warning);
    }

    private static String warning(String err) {
        List<String> lines = Arrays.stream(err.split("\\R")).filter(l -> l.contains("WARNING")).toList();
        assertThat(lines).as(err).hasSize(1);
        return lines.get(0);
    }
}
