package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.image.RgbImage;
import dev.atelier.stylenet.StyleNetApplier;
import dev.atelier.stylenet.StyleNetArchitecture;
import dev.atelier.stylenet.StyleNetFile;
import dev.atelier.stylenet.TransformerNetwork;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier spark style-net-apply} end to end, through its command line on an embedded {@code local[1]}
 * Spark, with an untrained tiny network (widths 4/8/8, one residual block: a few kilobytes, milliseconds a
 * picture) over generated images. The truth a row's picture is held to is {@link StyleNetApplier} itself,
 * run here in the same JVM on the same image: the job must write exactly its picture, pixel for pixel.
 */
class StyleNetJobTest {
    private static final StyleNetArchitecture TINY = new StyleNetArchitecture(4, 8, 8, 1);

    @TempDir
    static Path dir;

    static Path net;
    static Path folder;

    @BeforeAll
    static void setUp() throws IOException {
        net = dir.resolve("nets/tiny.stylenet");
        Files.createDirectories(net.getParent());
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.write(net, TransformerNetwork.create(TINY, 5, m), false, Map.of("style", "test"));
        }
        folder = dir.resolve("photos");
        StylizeJobTest.image(folder.resolve("cat.png"), 40, 32, 1);
        StylizeJobTest.image(folder.resolve("dog.png"), 24, 36, 2);
        StylizeJobTest.image(folder.resolve("owl.png"), 30, 30, 3);
        Files.writeString(folder.resolve("notes.txt"), "not an image");
    }

    @BeforeEach
    void coldExecutor() {
        // each test starts as a fresh executor would: no network loaded in this JVM yet
        ExecutorStyleNets.release();
    }

    @AfterAll
    static void tearDown() {
        ExecutorStyleNets.release();
    }

    @Test
    void aFolderOnLocal1IsPaintedPixelForPixelAsStyleNetApplierPaintsIt() throws Exception {
        Path out = dir.resolve("out-folder");
        Run run = run("style-net-apply", folder.toString(), "--net", net.toString(), "-o", out.toString(),
                "--master", "local[1]");

        assertThat(run.code).as(run.err).isZero();
        String first = run.out.lines().findFirst().orElseThrow();
        assertThat(first).matches("3 rows: 3 images written, 0 failed, in \\d+\\.\\d s "
                + "\\(\\d+\\.\\d images/min on local\\[1\\], 1 cores\\)");
        // three rows, one network read in this (executor) JVM: once per JVM, not per row
        assertThat(ExecutorStyleNets.loads()).isEqualTo(1);

        String netSha = StylizeJobTest.sha256(net);
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.Loaded loaded = StyleNetFile.read(net, m);
            StyleNetApplier truth = new StyleNetApplier(loaded.network(), loaded.keepColors(), m);
            for (String name : List.of("cat", "dog", "owl")) {
                RgbImage photo = RgbImage.read(folder.resolve(name + ".png"));
                BufferedImage expected = truth.apply(photo).toBufferedImage();
                BufferedImage written = ImageIO.read(out.resolve("images/" + name + ".png").toFile());
                assertThat(argb(written)).as(name).isEqualTo(argb(expected));
                // and it is a painting, not the photo copied through
                assertThat(argb(written)).as(name).isNotEqualTo(argb(photo.toBufferedImage()));

                JsonNode sidecar = new ObjectMapper().readTree(out.resolve("images/" + name + ".png.json").toFile());
                assertThat(sidecar.get("row_id").asText()).isEqualTo(name);
                assertThat(sidecar.get("style_net").get("sha256").asText()).isEqualTo(netSha);
                assertThat(sidecar.get("width").asInt()).isEqualTo(photo.width());
                assertThat(sidecar.get("height").asInt()).isEqualTo(photo.height());
            }
        }
        try (Stream<Path> files = Files.list(out.resolve("images"))) {
            // three images, three sidecars, no temporary file left behind
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "cat.png", "cat.png.json", "dog.png", "dog.png.json", "owl.png", "owl.png.json");
        }
        Map<String, Row> table = results(out);
        assertThat(table).containsOnlyKeys("cat", "dog", "owl");
        for (Row r : table.values()) {
            assertThat((String) r.getAs("status")).isEqualTo("written");
            assertThat((String) r.getAs("error")).isNull();
            assertThat((String) r.getAs("net_sha256")).isEqualTo(netSha);
            assertThat((double) r.getAs("paint_seconds")).isPositive().isLessThanOrEqualTo((double) r.getAs("seconds"));
        }
        assertThat((int) table.get("dog").getAs("width")).isEqualTo(24);
        assertThat((int) table.get("dog").getAs("height")).isEqualTo(36);
    }

    @Test
    void aMissingImageFailsItsRowAloneAndTheSizeSetsTheLongSide() throws Exception {
        Path manifest = Files.writeString(dir.resolve("photos-manifest.csv"),
                "id,content\ncat,photos/cat.png\ngone,photos/missing.png\n");
        Path out = dir.resolve("out-missing");
        Run run = run("style-net-apply", manifest.toString(), "--net", net.toString(), "-o", out.toString(),
                "--size", "20", "--master", "local[1]");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).startsWith("2 rows: 1 images written, 1 failed, in ")
                .contains("  failed gone: no such content file: ").contains("missing.png");
        Map<String, Row> table = results(out);
        assertThat((String) table.get("gone").getAs("status")).isEqualTo("failed");
        assertThat((String) table.get("gone").getAs("error")).contains("missing.png");
        assertThat((String) table.get("gone").getAs("output")).isNull();
        assertThat(out.resolve("images/gone.png")).doesNotExist();
        assertThat((String) table.get("cat").getAs("status")).isEqualTo("written");

        // cat.png is 40x32: at long side 20 it is 20x16, painted as the applier paints the resized photo
        BufferedImage written = ImageIO.read(out.resolve("images/cat.png").toFile());
        assertThat(written.getWidth()).isEqualTo(20);
        assertThat(written.getHeight()).isEqualTo(16);
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetFile.Loaded loaded = StyleNetFile.read(net, m);
            RgbImage photo = RgbImage.read(folder.resolve("cat.png"));
            int[] wh = StyleTransferEngine.outputSize(photo.width(), photo.height(), 20);
            BufferedImage expected = new StyleNetApplier(loaded.network(), loaded.keepColors(), m)
                    .apply(photo.resized(wh[0], wh[1])).toBufferedImage();
            assertThat(argb(written)).isEqualTo(argb(expected));
        }
    }

    @Test
    void aBadNetworkFileIsOneLineAndExitTwoWithNothingWritten() throws Exception {
        byte[] good = Files.readAllBytes(net);
        Path truncated = Files.write(dir.resolve("nets/truncated.stylenet"), Arrays.copyOf(good, good.length - 8));
        Path out = dir.resolve("out-bad-net");
        Run run = run("style-net-apply", folder.toString(), "--net", truncated.toString(), "-o", out.toString(),
                "--master", "local[1]");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).startsWith("atelier: " + truncated + " is not a usable style network: ")
                .contains("truncated").hasLineCount(1);
        assertThat(out).doesNotExist();

        run = run("style-net-apply", folder.toString(), "--net", dir.resolve("nets/none.stylenet").toString(),
                "-o", out.toString());
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).startsWith("atelier: no such style network: ").hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void badCommandLinesAndAStyleColumnAreOneLineAndExitTwo() throws Exception {
        Path out = dir.resolve("out-refused");
        Run run = run("style-net-apply", folder.toString(), "--net", net.toString(), "-o", out.toString(), "--size", "4");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).isEqualTo("atelier: --size: must be at least 8 pixels (a style network's smallest picture), got 4\n");

        Path foreign = Files.createDirectories(dir.resolve("out-foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        run = run("style-net-apply", folder.toString(), "--net", net.toString(), "-o", foreign.toString());
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("holds files Atelier did not write (notes.txt)").hasLineCount(1);
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("mine");

        Path styled = Files.writeString(dir.resolve("styled.csv"), "content,style\nphotos/cat.png,photos/dog.png\n");
        run = run("style-net-apply", styled.toString(), "--net", net.toString(), "-o", out.toString(), "--master", "local[1]");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("has a 'style' column, but a style network paints in the one style it was trained on")
                .hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AtelierSpark.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The job's results table, by row id, read with a Spark session of the test's own. */
    private static Map<String, Row> results(Path out) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("atelier-spark-test-read")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(StylizeJob.globEscaped(out.resolve("results.parquet").toString()))
                    .collectAsList();
            return rows.stream().collect(Collectors.toMap(r -> r.getAs("row_id"), Function.identity()));
        } finally {
            spark.stop();
        }
    }

    private static int[] argb(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
