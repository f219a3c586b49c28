package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stylize jobs on a real embedded Spark, {@code local[2]} with up to 3 attempts per task, on tiny
 * generated images (48 px, 3 evaluations, random VGG weights: an empty weight store).
 */
class StylizeJobTest {
    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path content1;
    static Path content2;
    static Path style;

    private static final Map<String, String> FAST = Map.of("size", "48", "max_evals", "3", "scales", "1",
            "net", "vgg16", "recipe", "lesson13");

    @BeforeAll
    static void start() throws IOException {
        // an empty store: every run uses seeded random weights, and no test reads the user's store
        System.setProperty("atelier.cache.dir", Files.createDirectories(dir.resolve("store")).toString());
        content1 = image(dir.resolve("in/cat.png"), 56, 48, 1);
        content2 = image(dir.resolve("in/dog.png"), 48, 48, 2);
        style = image(dir.resolve("in/wave.png"), 64, 64, 3);
        spark = SparkSession.builder().master("local[2,3]").appName("atelier-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
        ExecutorResources.release();
    }

    @Test
    void mixedManifestWritesGoodRowsAndRecordsBadOnes() throws Exception {
        Path in = dir.resolve("in");
        Files.write(in.resolve("corrupt.png"), garbage(2000));
        Path manifest = in.resolve("mixed.csv");
        Files.writeString(manifest, String.join("\n",
                "id,content,style,seed,style_weight",
                "good-cat,cat.png,wave.png,1,",
                "good-dog,dog.png,wave.png,2,1e6",
                "corrupt,corrupt.png,wave.png,1,",
                "missing,cat.png,nowhere.png,1,",
                "bad-weight,cat.png,wave.png,1,-5"), StandardCharsets.UTF_8);
        Path out = dir.resolve("out-mixed");
        Dataset<Row> results = job(out).run(Manifest.read(spark, manifest.toString(), List.of()));

        Map<String, Row> byId = results.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("row_id"), r -> r));
        assertThat(byId).containsOnlyKeys("good-cat", "good-dog", "corrupt", "missing", "bad-weight");
        for (String good : List.of("good-cat", "good-dog")) {
            Row r = byId.get(good);
            assertThat((String) r.getAs("error")).isNull();
            Path png = out.resolve("images/" + good + ".png");
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(Math.max(img.getWidth(), img.getHeight())).isEqualTo(48);
            assertThat((int) r.getAs("width")).isEqualTo(img.getWidth());
            JsonNode sidecar = new ObjectMapper().readTree(out.resolve("images/" + good + ".png.json").toFile());
            assertThat(sidecar.get("row_id").asText()).isEqualTo(good);
            assertThat(sidecar.get("evaluations").asInt()).isEqualTo(3).isEqualTo((int) r.getAs("evaluations"));
            assertThat(sidecar.get("weights").get("random").asBoolean()).isTrue();
            // the table's judge losses are the sidecar's: the same judge of the same written image
            assertThat((double) r.getAs("judge_total")).isEqualTo(sidecar.get("judge").get("total").asDouble());
            assertThat((double) r.getAs("judge_style")).isPositive();
            assertThat((String) r.getAs("stop_reason")).isEqualTo("max_evaluations");
        }
        assertThat(ResultsTable.params(byId.get("good-dog"))).containsEntry("style_weight", "1e6").containsEntry("seed", "2");
        assertThat((String) byId.get("corrupt").getAs("error")).contains("corrupt.png");
        assertThat((String) byId.get("missing").getAs("error")).contains("no such style file").contains("nowhere.png");
        assertThat((String) byId.get("bad-weight").getAs("error")).isEqualTo("style_weight: must be zero or positive, got -5");
        for (String bad : List.of("corrupt", "missing", "bad-weight")) {
            assertThat((String) byId.get(bad).getAs("output")).isNull();
            assertThat(out.resolve("images/" + bad + ".png")).doesNotExist();
        }
        try (Stream<Path> files = Files.list(out.resolve("images"))) {
            // two images, two sidecars, no temporary file left behind
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "good-cat.png", "good-cat.png.json", "good-dog.png", "good-dog.png.json");
        }
    }

    @Test
    void aTaskKilledAfterWritingIsRetriedAndRewritesTheSameBytesWithoutDuplicateRows() throws Exception {
        Path manifest = dir.resolve("in/retry.csv");
        Files.writeString(manifest, "id,content,style,seed\na,cat.png,wave.png,7\nb,dog.png,wave.png,8\n");
        Path firstAttempt = dir.resolve("first-attempt.sha256");
        String record = firstAttempt.toString();
        Path out = dir.resolve("out-retry");
        RowHook killFirstAttemptOfA = (row, result, attempt) -> {
            if (row.id().equals("a") && attempt == 0) {
                // the image and its sidecar are in place; the task dies before Spark gets its result
                Files.writeString(Path.of(record), sha256(Path.of(result.output().replaceFirst("^file:", ""))));
                throw new IllegalStateException("killed for the test after writing row a");
            }
        };
        StylizeJobConfig cfg = StylizeJob.config(spark, out.toString(), FAST, null, false);
        List<ManifestRow> rows = Manifest.read(spark, manifest.toString(), List.of());
        List<Row> results = new StylizeJob(spark, cfg, killFirstAttemptOfA).run(rows).collectAsList();

        assertThat(results).hasSize(2);
        assertThat(results.stream().map(r -> (String) r.getAs("row_id")).sorted()).containsExactly("a", "b");
        Row a = results.stream().filter(r -> r.getAs("row_id").equals("a")).findFirst().orElseThrow();
        assertThat((int) a.getAs("attempt")).isEqualTo(1);
        assertThat(firstAttempt).exists();
        String retried = sha256(out.resolve("images/a.png"));
        assertThat(retried).isEqualTo(Files.readString(firstAttempt));

        // and a clean run of the same row elsewhere writes those very bytes: named and seeded by the row
        // a folder name Hadoop would read as a glob pattern
        Path clean = dir.resolve("out-clean[1]");
        job(clean).run(rows.subList(0, 1));
        assertThat(sha256(clean.resolve("images/a.png"))).isEqualTo(retried);
        JsonNode s1 = new ObjectMapper().readTree(out.resolve("images/a.png.json").toFile());
        JsonNode s2 = new ObjectMapper().readTree(clean.resolve("images/a.png.json").toFile());
        assertThat(s1.get("judge")).isEqualTo(s2.get("judge"));
        assertThat(s1.get("settings")).isEqualTo(s2.get("settings"));
    }

    @Test
    void folderManifestPairsEveryImageWithEveryStyleAndSweepSummarises() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.copy(content1, folder.resolve("cat.png"));
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        List<ManifestRow> rows = Manifest.read(spark, folder.toString(), List.of(style.toString()));
        assertThat(rows).extracting(ManifestRow::id).containsExactly("cat__wave");
        // executors run elsewhere (a cluster worker's own folder): every path they get is absolute
        assertThat(rows.get(0).style()).isEqualTo("file:" + style.toAbsolutePath());
        Path csv = Files.writeString(dir.resolve("in/relative.csv"), "content,style\ncat.png,wave.png\n");
        Path relative = Path.of("").toAbsolutePath().relativize(csv);
        assertThat(Manifest.read(spark, relative.toString(), List.of()).get(0).content())
                .isEqualTo("file:" + content1.toAbsolutePath());

        SweepGrid grid = SweepGrid.parse(List.of("style_weight=10,100000", "seed=1,2"));
        List<ManifestRow> swept = grid.expand(rows);
        assertThat(swept).extracting(ManifestRow::id).containsExactly("cat__wave__style_weight=10_seed=1",
                "cat__wave__style_weight=10_seed=2", "cat__wave__style_weight=100000_seed=1",
                "cat__wave__style_weight=100000_seed=2");
        Path out = dir.resolve("out-sweep");
        Dataset<Row> results = job(out).run(swept);
        List<Row> lines = SweepSummary.write(SweepSummary.of(results, grid.keys()), grid.keys(), out.toString(),
                spark.sparkContext().hadoopConfiguration());
        assertThat(lines).hasSize(4);
        for (Row line : lines) {
            assertThat((long) line.getAs("rows")).isEqualTo(1);
            assertThat((long) line.getAs("failed")).isZero();
            // one row per grid point: its mean is that row's judge loss
            Row own = results.filter("params['style_weight'] = '" + line.getAs("style_weight") + "' and params['seed'] = '"
                    + line.getAs("seed") + "'").first();
            assertThat((double) line.getAs("judge_total")).isEqualTo((double) own.getAs("judge_total"));
        }
        assertThat(Files.readAllLines(out.resolve("summary.csv")).get(0))
                .isEqualTo("style_weight,seed,rows,failed,judge_total,judge_content,judge_style,seconds");
        assertThat(ImageIO.read(out.resolve("summary.png").toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void aManifestThatIsADeviceIsOneLineAndExitTwo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        StringWriter err = new StringWriter();
        int code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err))
                .execute("stylize", "/dev/zero", "-o", dir.resolve("from-device").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("atelier: /dev/zero is not a regular file").hasLineCount(1);
        assertThat(dir.resolve("from-device")).doesNotExist();
    }

    @Test
    void badCommandLinesAreOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        int code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err))
                .execute("stylize", dir.resolve("no-such-folder").toString(), "-o", dir.resolve("x").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("atelier: no such manifest").hasLineCount(1);

        err = new StringWriter();
        code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err))
                .execute("sweep", dir.toString(), "-o", dir.resolve("x").toString(), "--grid", "style_wieght=1,2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown setting 'style_wieght'").hasLineCount(1);
    }

    @Test
    void aManifestWithAnUnknownColumnOrAMalformedLineIsRefusedWithItsName() throws IOException {
        Path typo = Files.writeString(dir.resolve("in/typo.csv"), "content,style,style_wieght\ncat.png,wave.png,1\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifest.read(spark, typo.toString(), List.of()))
                .isInstanceOf(dev.atelier.core.InvalidInputException.class).hasMessageContaining("unknown setting 'style_wieght'");
        Path ragged = Files.writeString(dir.resolve("in/ragged.csv"), "content,style,size\ncat.png,wave.png,48\ncat.png,wave.png,48,9,9\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifest.read(spark, ragged.toString(), List.of()))
                .isInstanceOf(dev.atelier.core.InvalidInputException.class).hasMessageContaining("ragged.csv");
    }

    private static StylizeJob job(Path out) {
        return new StylizeJob(spark, StylizeJob.config(spark, out.toString(), FAST, null, false), RowHook.NONE);
    }

    /** A smooth random picture: enough structure for VGG, made here rather than committed. */
    static Path image(Path file, int w, int h, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double fx = 0.05 + rnd.nextDouble() * 0.3;
        double fy = 0.05 + rnd.nextDouble() * 0.3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 120 * Math.sin(fx * x + seed));
                int g = (int) (127 + 120 * Math.cos(fy * y));
                int b = (int) (127 + 120 * Math.sin(fx * x + fy * y));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static byte[] garbage(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        // a PNG signature, so the decoder gets past the format check and meets broken chunks
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
