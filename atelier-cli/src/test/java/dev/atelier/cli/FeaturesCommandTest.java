package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.image.ImageTensors;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.weights.TorchCheckpointReader;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeaturesCommandTest {
    @TempDir
    Path dir;

    private Path image;
    /** An empty store, so nothing from the user's cache leaks in. */
    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        image = dir.resolve("noise.png");
        ImageFiles.write(img, image);
    }

    @Test
    void printsEachTappedLayerWithTheFixtureWeights() throws Exception {
        Path weights = fixtureWeights();
        int code = run("features", image.toString(), "--net", "vgg16_bn", "--weights", weights.toString(),
                "--layers", "5,12,relu4_2");
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("vgg16_bn", "40x30", "relu1_2", "relu2_2", "relu4_2", "[1,512,3,5]");
        assertThat(err.toString()).doesNotContain("RANDOM");

        // the printed sum is the sum of the activation the library computes for the same image
        try (NDManager m = NDManager.newBaseManager();
                VggFeatures net = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16_BN)
                        .setStateDict(TorchCheckpointReader.read(weights)).build()) {
            NDArray x = ImageNetNormalization.normalize(ImageTensors.load(image, m));
            double sum = net.extract(x, VggArchitecture.VGG16_BN.layer("relu2_2")).sum().getFloat();
            String line = text.lines().filter(l -> l.startsWith("relu2_2")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(line.trim().split("\\s+")[3])).isCloseTo(sum, within(1e-4 * Math.abs(sum)));
        }
    }

    @Test
    void jsonIsAnArrayOfLayerSummaries() throws Exception {
        Path weights = fixtureWeights();
        int code = run("features", image.toString(), "--weights", weights.toString(), "--layers", "pool2,conv1_1",
                "--size", "20", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(2);
        JsonNode conv = json.get(0);
        assertThat(conv.get("name").asText()).isEqualTo("conv1_1");
        assertThat(conv.get("index").asInt()).isZero();
        // --size 20 on a 40x30 image: 20x15
        assertThat(conv.get("shape").toString()).isEqualTo("[1,64,15,20]");
        JsonNode pool = json.get(1);
        assertThat(pool.get("index").asInt()).isEqualTo(13);
        assertThat(pool.get("shape").toString()).isEqualTo("[1,128,3,5]");
        // post-ReLU max-pooled values are non-negative and the mean is the sum over the element count
        assertThat(pool.get("max").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(pool.get("mean").asDouble()).isCloseTo(pool.get("sum").asDouble() / (128 * 3 * 5), within(1e-9));
    }

    @Test
    void unknownLayerIsABadInputListingValidNames() {
        int code = run("features", image.toString(), "--net", "vgg19", "--layers", "relu9_9");
        assertThat(code).isEqualTo(2);
        // rejected before any weights are loaded, so no warning about random ones
        assertThat(err.toString()).contains("relu9_9", "relu4_2", "pool5").doesNotContain("Exception", "RANDOM");
    }

    @Test
    void weightsOfAnotherNetworkAreABadInputSayingWhich() {
        Path weights = fixtureWeights();
        int code = run("features", image.toString(), "--net", "vgg19", "--weights", weights.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("look like vgg16_bn", "do not fit vgg19", "features.2.weight")
                .doesNotContain("Exception");
    }

    @Test
    void missingImageIsABadInput() {
        int code = run("features", dir.resolve("absent.jpg").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no such image file").doesNotContain("Exception");
    }

    @Test
    void withoutWeightsItWarnsLoudlyAndUsesRandomOnes() {
        int code = run("features", image.toString(), "--net", "vgg16", "--layers", "relu1_1");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("WARNING", "RANDOM", "atelier weights fetch vgg16");
        assertThat(out.toString()).contains("relu1_1", "random");
    }

    private int run(String... args) {
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static Path fixtureWeights() {
        return SharedFixtures.require("vgg16_bn_features_fixture.pth");
    }
}
