package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier stylize} end to end on the shipped sample images, tiny sizes, random weights. */
class StylizeCommandTest {
    private static final Path EXAMPLES = ShippedExamples.ROOT;
    private static final String CONTENT = ShippedExamples.CONTENT;
    private static final String CONTENT2 = EXAMPLES.resolve("content/coffee.png").toString();
    private static final String STYLE = ShippedExamples.STYLE;
    /** Shallow layers keep the error-case runs cheap; the transfer test uses the recipe's own. */
    private static final String[] SHALLOW = {"--net", "vgg16", "--content-layers", "relu2_2",
        "--style-layers", "relu1_1:1,relu2_1:1"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @Test
    void transferWritesAnImageAndASidecarWhoseLossesFell() throws Exception {
        Path o = dir.resolve("out.png");
        int code = run("stylize", CONTENT, STYLE, "-o", o.toString(), "--size", "80", "--max-evals", "10",
                "--seed", "5");
        assertThat(code).as(err.toString()).isZero();
        BufferedImage img = ImageFiles.read(o);
        assertThat(img.getWidth()).isEqualTo(80);
        assertThat(img.getHeight()).isEqualTo(53); // 451x300 keeps its aspect ratio
        JsonNode side = new ObjectMapper().readTree(dir.resolve("out.png.json").toFile());
        assertThat(side.at("/settings/recipe").asText()).isEqualTo("gatys");
        assertThat(side.at("/settings/net").asText()).isEqualTo("vgg19");
        assertThat(side.at("/weights/sha256").asText()).isEqualTo("random");
        assertThat(side.at("/warning").asText()).contains("RANDOM");
        assertThat(side.at("/seed").asLong()).isEqualTo(5);
        assertThat(side.at("/loss_curve").size()).isEqualTo(side.at("/evaluations").asInt()).isGreaterThan(1);
        assertThat(side.at("/final/total").asDouble()).isLessThan(side.at("/initial/total").asDouble());
        assertThat(side.at("/final/style").asDouble()).isLessThan(side.at("/initial/style").asDouble());
        assertThat(side.at("/timings/s_per_eval").asDouble()).isPositive();
        assertThat(err.toString()).contains("WARNING").contains("RANDOM");
        assertThat(out.toString()).contains("wrote " + o);
    }

    @Test
    void severalContentImagesGoToAFolderWithSnapshots() throws Exception {
        Path folder = dir.resolve("outs");
        int code = run(concat(new String[] {"stylize", CONTENT, CONTENT2, STYLE, "-o", folder.toString(), "--size",
            "48", "--max-evals", "4", "--save-every", "2"}, SHALLOW));
        assertThat(code).as(err.toString()).isZero();
        for (String stem : new String[] {"chelsea", "coffee"}) {
            assertThat(folder.resolve(stem + ".png")).isRegularFile();
            assertThat(folder.resolve(stem + ".png.json")).isRegularFile();
            assertThat(folder.resolve(stem + ".0002.png")).isRegularFile();
            JsonNode side = new ObjectMapper().readTree(folder.resolve(stem + ".png.json").toFile());
            assertThat(side.at("/batch/size").asInt()).isEqualTo(2);
        }
    }

    @Test
    void missingImageIsOneLineAndExitTwo() {
        int code = run("stylize", dir.resolve("nope.jpg").toString(), STYLE, "-o", dir.resolve("o.png").toString());
        assertOneLineError(code, "no such image file");
    }

    @Test
    void corruptImageIsOneLineAndExitTwo() throws Exception {
        Path bad = dir.resolve("bad.png");
        byte[] png = Files.readAllBytes(Path.of(CONTENT));
        Files.write(bad, java.util.Arrays.copyOf(png, 200)); // a truncated PNG
        int code = run("stylize", bad.toString(), STYLE, "-o", dir.resolve("o.png").toString());
        assertOneLineError(code, "bad.png");
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void unknownLayerListsTheValidOnes() {
        int code = run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--style-layers",
                "relu1_1:1,relu7_3:2");
        assertOneLineError(code, "relu7_3");
        assertThat(err.toString()).contains("relu5_4").contains("pool1");
    }

    @Test
    void tooLargeImageIsRefusedWithTheSizeThatFits() {
        int code = run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--size", "300000");
        assertOneLineError(code, "--size: ");
        assertThat(err.toString()).contains("use a size of");
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void tilingOffForATooLargeImageSuggestsTiles() {
        int code = run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--size", "300000",
                "--tile", "off");
        assertOneLineError(code, "allow tiling (auto)");
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void badTileValuesAreOneLineAndExitTwo() {
        for (String bad : new String[] {"12", "big", "0", "99999"}) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int code = run(concat(new String[] {"stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(),
                "--size", "48", "--tile", bad}, SHALLOW));
            assertOneLineError(code, "--tile");
        }
        assertThat(dir.resolve("o.png")).doesNotExist();
    }

    @Test
    void aTiledRunIsShownAndRecorded() throws Exception {
        Path o = dir.resolve("tiled.png");
        int code = run(concat(new String[] {"stylize", CONTENT, STYLE, "-o", o.toString(), "--size", "96",
            "--tile", "64", "--scales", "1", "--max-evals", "3"}, SHALLOW));
        assertThat(code).as(err.toString()).isZero();
        assertThat(ImageFiles.read(o).getWidth()).isEqualTo(96);
        assertThat(err.toString()).contains("in 64-px tiles");
        JsonNode side = new ObjectMapper().readTree(dir.resolve("tiled.png.json").toFile());
        assertThat(side.at("/settings/tile").asText()).isEqualTo("64");
        assertThat(side.at("/tiling/0/tile").asInt()).isEqualTo(64);
        assertThat(side.at("/tiling/0/width").asInt()).isEqualTo(96);
        assertThat(side.at("/tiling/0/margin").asInt()).isPositive();
    }

    @Test
    void nonFiniteLossStopsKeepsTheLastGoodImageAndExitsTwo() {
        Path o = dir.resolve("o.png");
        int code = run(concat(new String[] {"stylize", CONTENT, STYLE, "-o", o.toString(), "--size", "48",
            "--style-weight", "1e300", "--max-evals", "5"}, SHALLOW));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("NaN or infinite").contains("kept the last good image");
        assertThat(o).isRegularFile();
    }

    @Test
    void requirePretrainedRefusesRandomWeights() {
        int code = run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--require-pretrained");
        assertOneLineError(code, "no pretrained vgg19 weights");
    }

    @Test
    void fixtureWeightsAreUsedAndRecordedWithTheirChecksum() throws Exception {
        Path fixture = SharedFixtures.require("vgg16_bn_features_fixture.pth");
        Path o = dir.resolve("o.png");
        int code = run("stylize", CONTENT, STYLE, "-o", o.toString(), "--recipe", "lesson13", "--weights",
                fixture.toString(), "--size", "48", "--max-evals", "3", "--require-pretrained");
        assertThat(code).as(err.toString()).isZero();
        JsonNode side = new ObjectMapper().readTree(dir.resolve("o.png.json").toFile());
        assertThat(side.at("/settings/net").asText()).isEqualTo("vgg16_bn");
        assertThat(side.at("/weights/random").asBoolean()).isFalse();
        assertThat(side.at("/weights/sha256").asText()).hasSize(64);
        assertThat(err.toString()).doesNotContain("RANDOM");
    }

    @Test
    void twoStylesWithComplementaryMasksFromOneCommand() throws Exception {
        Path mask = topHalfMask(dir.resolve("sky.png"), 90, 60);
        Path o = dir.resolve("o.png");
        String style2 = EXAMPLES.resolve("style/van-gogh-village-street-auvers.jpg").toString();
        int code = run(concat(new String[] {"stylize", CONTENT, "--style", style2 + ",mask=" + mask,
            "--style", STYLE + ",outside=" + mask + ",weight=2,scale=0.5", "-o", o.toString(), "--size", "48",
            "--max-evals", "4"}, SHALLOW));
        assertThat(code).as(err.toString()).isZero();
        JsonNode side = new ObjectMapper().readTree(dir.resolve("o.png.json").toFile());
        assertThat(side.at("/styles").size()).isEqualTo(2);
        assertThat(side.at("/styles/0/mask").asText()).isEqualTo(mask.toString());
        assertThat(side.at("/styles/1/outside").asText()).isEqualTo(mask.toString());
        assertThat(side.at("/styles/1/weight").asDouble()).isEqualTo(2.0);
        assertThat(side.has("judge")).isFalse(); // the judge takes one unmasked style
    }

    @Test
    void coarseToFineAndColourModesAreRecordedAndJudged() throws Exception {
        for (String colors : new String[] {"keep", "match"}) {
            Path o = dir.resolve(colors + ".png");
            int code = run(concat(new String[] {"stylize", CONTENT, STYLE, "-o", o.toString(), "--size", "64",
                "--scales", "32,64", "--max-evals", "6", "--colors", colors, "--color-strength", "0.8",
                "--preview", dir.resolve(colors + "-preview.png").toString()}, SHALLOW));
            assertThat(code).as(err.toString()).isZero();
            JsonNode side = new ObjectMapper().readTree(dir.resolve(colors + ".png.json").toFile());
            assertThat(side.at("/settings/colors").asText()).isEqualTo(colors);
            assertThat(side.at("/settings/scales").toString()).isEqualTo("[32,64]");
            JsonNode curve = side.at("/loss_curve");
            assertThat(curve.size()).isLessThanOrEqualTo(6);
            assertThat(curve.get(0).at("/scale").asInt()).isZero();
            assertThat(curve.get(curve.size() - 1).at("/scale").asInt()).isEqualTo(1);
            assertThat(side.at("/judge/total").asDouble()).isPositive();
            BufferedImage preview = ImageFiles.read(dir.resolve(colors + "-preview.png"));
            assertThat(preview.getWidth()).isEqualTo(32);
        }
    }

    @Test
    void aMaskOfAnotherAspectRatioIsOneLine() throws Exception {
        Path mask = topHalfMask(dir.resolve("wide.png"), 100, 20);
        int code = run("stylize", CONTENT, "--style", STYLE + ",mask=" + mask, "-o", dir.resolve("o.png").toString());
        assertOneLineError(code, "aspect ratio");
    }

    @Test
    void styleWeightsThatDoNotSumToAPositiveNumberAreOneLine() {
        int code = run("stylize", CONTENT, "--style", STYLE + ",weight=0", "-o", dir.resolve("o.png").toString());
        assertOneLineError(code, "sum to a positive number");
    }

    @Test
    void badStyleSpecsAndColourModesAreOneLine() {
        assertOneLineError(run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--colors", "sepia"),
                "unknown colour mode 'sepia'");
        err.getBuffer().setLength(0);
        assertOneLineError(run("stylize", CONTENT, "--style", STYLE + ",strength=2", "-o",
                dir.resolve("o.png").toString()), "unknown key 'strength'");
        err.getBuffer().setLength(0);
        assertOneLineError(run("stylize", CONTENT, STYLE, "-o", dir.resolve("o.png").toString(), "--scales", "64,32"),
                "increase");
    }

    @Test
    void anEmptyMaskIsOneLine() throws Exception {
        Path black = dir.resolve("black.png");
        ImageFiles.write(new BufferedImage(90, 60, BufferedImage.TYPE_INT_RGB), black);
        int code = run(concat(new String[] {"stylize", CONTENT, "--style", STYLE + ",mask=" + black, "-o",
            dir.resolve("o.png").toString(), "--size", "48", "--max-evals", "2"}, SHALLOW));
        assertOneLineError(code, "empty");
    }

    /** A white top half over a black bottom half. */
    private static Path topHalfMask(Path file, int w, int h) throws Exception {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w; x++) {
                m.setRGB(x, y, 0xffffff);
            }
        }
        ImageFiles.write(m, file);
        return file;
    }

    @Test
    void aStudioPresetIsReplayedAndLaterOptionsOverrideIt() throws Exception {
        Path preset = dir.resolve("look.json");
        Files.writeString(preset, "{\"format\": \"atelier-preset/1\", \"controls\": {}, \"stylize_args\": "
                + "[\"--size\", \"40\", \"--max-evals\", \"3\", \"--style-weight\", \"7.5\", \"--scales\", \"1\"]}");
        Path o = dir.resolve("o.png");
        int code = run(concat(new String[] {"stylize", CONTENT, STYLE, "-o", o.toString(), "--preset", preset.toString(),
            "--max-evals", "2"}, SHALLOW));
        assertThat(code).as(err.toString()).isZero();
        JsonNode side = new ObjectMapper().readTree(dir.resolve("o.png.json").toFile());
        assertThat(side.at("/settings/size").asInt()).isEqualTo(40);
        assertThat(side.at("/settings/style_weight").asDouble()).isEqualTo(7.5);
        assertThat(side.at("/settings/max_evals").asInt()).isEqualTo(2);
        Files.writeString(preset, "{\"format\": \"something else\"}");
        err.getBuffer().setLength(0);
        code = run("stylize", CONTENT, STYLE, "-o", o.toString(), "--preset", preset.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        assertThat(err.toString()).contains("not an Atelier preset");
    }

    private void assertOneLineError(int code, String fragment) {
        assertThat(code).as(err.toString()).isEqualTo(2);
        String[] lines = err.toString().strip().split("\\R");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).matches("atelier( stylize)?: .*").contains(fragment);
    }

    private int run(String... args) {
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
