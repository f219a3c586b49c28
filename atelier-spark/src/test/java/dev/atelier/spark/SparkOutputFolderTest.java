package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder rules ({@link OutputFolder}) through {@code atelier spark stylize/sweep}: a folder of
 * someone else's files is refused with or without {@code --overwrite} and left byte for byte as it was; an
 * earlier run is refused without {@code --overwrite} and replaced with it; a file of the user's inside an
 * earlier run is named, never deleted. The jobs run on embedded local Spark with random weights on tiny
 * generated images (as {@link StylizeJobTest}); the refusals happen before Spark starts.
 */
class SparkOutputFolderTest {
    @TempDir
    static Path dir;

    /** Settings that keep a row to a fraction of a second. */
    private static final List<String> FAST = List.of("--size", "48", "--max-evals", "2", "--scales", "1", "--net", "vgg16",
            "--recipe", "lesson13", "--master", "local[1]");

    @BeforeAll
    static void images() throws IOException {
        // an empty store: every run uses seeded random weights, and no test reads the user's store
        System.setProperty("atelier.cache.dir", Files.createDirectories(dir.resolve("store")).toString());
        StylizeJobTest.image(dir.resolve("in/cat.png"), 48, 40, 1);
        StylizeJobTest.image(dir.resolve("in/dog.png"), 40, 48, 2);
        StylizeJobTest.image(dir.resolve("in/wave.png"), 48, 48, 3);
        Files.writeString(dir.resolve("in/two.csv"), "id,content,style\nr1,cat.png,wave.png\nr2,dog.png,wave.png\n");
        Files.writeString(dir.resolve("in/one.csv"), "id,content,style\nr1,dog.png,wave.png\n");
    }

    @AfterAll
    static void release() {
        ExecutorResources.release();
    }

    @Test
    void aFolderOfSomeoneElsesFilesIsRefusedWithAndWithoutOverwriteAndLeftAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("theirs"));
        Files.createDirectories(out.resolve("images"));
        Files.write(out.resolve("images/r1.png"), new byte[] {1, 2, 3});
        Files.createDirectories(out.resolve("results.parquet"));
        Files.writeString(out.resolve("results.parquet/mydata.csv"), "my,own\n1,2\n");
        Map<String, String> before = snapshot(out);

        for (List<String> extra : List.of(List.<String>of(), List.of("--overwrite"))) {
            for (String command : List.of("stylize", "sweep")) {
                List<String> args = new ArrayList<>(List.of(command, dir.resolve("in/two.csv").toString(), "-o", out.toString()));
                args.addAll(extra);
                if (command.equals("sweep")) {
                    args.addAll(List.of("--grid", "seed=1,2"));
                }
                Cli r = cli(args);
                assertThat(r.code).as(args.toString()).isEqualTo(2);
                assertThat(r.err).hasLineCount(1).startsWith("atelier: " + out)
                        .contains("holds files Atelier did not write", "choose an empty or new folder");
                assertThat(snapshot(out)).isEqualTo(before);
            }
        }
        // a file where the folder should be
        Path file = Files.writeString(dir.resolve("a-file"), "mine");
        Cli r = cli(List.of("stylize", dir.resolve("in/two.csv").toString(), "-o", file.toString(), "--overwrite"));
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).hasLineCount(1).contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void anEarlierRunIsRefusedWithoutOverwriteAndOnlyItsOwnFilesAreReplacedWithIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("ours"));
        // an empty folder is used
        Cli first = cli(args("stylize", "in/two.csv", out));
        assertThat(first.code).as(first.err).isZero();
        assertThat(out.resolve("images/r1.png")).exists();
        assertThat(out.resolve("images/r2.png.json")).exists();
        JsonNode marker = new ObjectMapper().readTree(out.resolve(OutputFolder.MARKER).toFile());
        assertThat(marker.get("format").asText()).isEqualTo(OutputFolder.FORMAT);
        assertThat(marker.get("row_ids")).extracting(JsonNode::asText).containsExactlyInAnyOrder("r1", "r2");
        Map<String, String> afterFirst = snapshot(out);

        Cli again = cli(args("stylize", "in/two.csv", out));
        assertThat(again.code).isEqualTo(2);
        assertThat(again.err).hasLineCount(1).contains("holds an earlier Atelier run", "--overwrite");
        assertThat(snapshot(out)).isEqualTo(afterFirst);

        // replaced: r1 from another picture, r2 (not in this manifest) gone, the table of this run only
        List<String> overwrite = args("stylize", "in/one.csv", out);
        overwrite.add("--overwrite");
        Cli replaced = cli(overwrite);
        assertThat(replaced.code).as(replaced.err).isZero();
        assertThat(StylizeJobTest.sha256(out.resolve("images/r1.png"))).isNotEqualTo(afterFirst.get("images/r1.png"));
        assertThat(out.resolve("images/r2.png")).doesNotExist();
        assertThat(out.resolve("images/r2.png.json")).doesNotExist();
        try (Stream<Path> files = Files.list(out.resolve("images"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("r1.png", "r1.png.json");
        }
        assertThat(new ObjectMapper().readTree(out.resolve(OutputFolder.MARKER).toFile()).get("row_ids"))
                .extracting(JsonNode::asText).containsExactly("r1");
        assertThat(replaced.out).contains("1 rows: 1 images written");
        try (Stream<Path> files = Files.list(out)) {
            // no temporary table folder left behind
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(OutputFolder.MARKER, "images", "results.parquet");
        }

        // a file of the user's inside the run's folders is named and kept, with nothing deleted
        Files.writeString(out.resolve("results.parquet/mydata.csv"), "mine\n");
        Map<String, String> withTheirs = snapshot(out);
        Cli refused = cli(overwrite);
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err).hasLineCount(1).contains("results.parquet/mydata.csv was not written by Atelier",
                "nothing was deleted");
        assertThat(snapshot(out)).isEqualTo(withTheirs);
    }

    @Test
    void aSweepIntoANewFolderCanBeReplacedByAStylizeRunWithOverwrite() throws Exception {
        Path out = dir.resolve("new/sweep");
        List<String> sweep = args("sweep", "in/one.csv", out);
        sweep.addAll(List.of("--grid", "seed=1,2"));
        Cli swept = cli(sweep);
        assertThat(swept.code).as(swept.err).isZero();
        assertThat(out.resolve("summary.csv")).exists();
        assertThat(out.resolve("summary.parquet")).isDirectory();

        List<String> stylize = args("stylize", "in/one.csv", out);
        stylize.add("--overwrite");
        Cli replaced = cli(stylize);
        assertThat(replaced.code).as(replaced.err).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(OutputFolder.MARKER, "images", "results.parquet");
        }
        try (Stream<Path> files = Files.list(out.resolve("images"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("r1.png", "r1.png.json");
        }
    }

    @Test
    void overwriteDeletesExactlyAnEarlierRunsFilesAndRefusesToDeleteAnInputOrAForeignFile() throws Exception {
        Configuration conf = new Configuration();
        Path out = earlierRun(dir.resolve("claimed"));
        FileSystem fs = FileSystem.getLocal(conf);
        org.apache.hadoop.fs.Path hout = new org.apache.hadoop.fs.Path(out.toString());

        // an image of the earlier run that this run reads
        org.apache.hadoop.fs.Path input = fs.makeQualified(new org.apache.hadoop.fs.Path(out.resolve("images/a.png").toString()));
        Map<String, String> before = snapshot(out);
        assertThatThrownBy(() -> OutputFolder.claim(fs, hout, true, List.of("b"), Set.of(input)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is an input of this run");
        assertThat(snapshot(out)).isEqualTo(before);

        assertThatThrownBy(() -> OutputFolder.claim(fs, hout, false, List.of("b"), Set.of()))
                .isInstanceOfSatisfying(dev.atelier.core.SettingException.class, e -> {
                    // the library names the setting by its key; the command line renders it as --overwrite
                    assertThat(e.key()).isEqualTo("overwrite");
                    assertThat(e.detail()).contains("holds an earlier Atelier run").doesNotContain("--");
                });

        OutputFolder.claim(fs, hout, true, List.of("b"), Set.of());
        assertThat(snapshot(out)).containsOnlyKeys(OutputFolder.MARKER);
        assertThat(out.resolve("images")).isEmptyDirectory();

        // an image the marker does not list is someone else's
        Path other = earlierRun(dir.resolve("with-theirs"));
        Files.writeString(other.resolve("images/holiday.png"), "mine");
        Files.writeString(other.resolve("results.parquet/_temporary/0/notes.txt"), "mine");
        before = snapshot(other);
        org.apache.hadoop.fs.Path hother = new org.apache.hadoop.fs.Path(other.toString());
        assertThatThrownBy(() -> OutputFolder.claim(fs, hother, true, List.of("a"), Set.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("was not written by Atelier");
        assertThat(snapshot(other)).isEqualTo(before);

        // a marker of another format, or not JSON at all, is not ours
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve(OutputFolder.MARKER), "{\"format\": \"something-else\", \"row_ids\": []}");
        Files.writeString(fake.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> OutputFolder.check(conf, fake.toString(), true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds files Atelier did not write");
        Files.write(fake.resolve(OutputFolder.MARKER), new byte[] {0, 1, 2, '{'});
        assertThatThrownBy(() -> OutputFolder.check(conf, fake.toString(), true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds files Atelier did not write");
        assertThat(Files.readString(fake.resolve("keep.txt"))).isEqualTo("mine");
    }

    /** A folder laid out as an earlier run of rows a and b leaves it, with a failed write's leftovers. */
    private static Path earlierRun(Path out) throws IOException {
        Files.createDirectories(out.resolve("images"));
        Files.writeString(out.resolve(OutputFolder.MARKER),
                "{\"format\": \"" + OutputFolder.FORMAT + "\", \"rows\": 2, \"row_ids\": [\"a\", \"b\"]}");
        for (String f : List.of("a.png", "a.png.json", "b.png", ".b.png.json.attempt-1-0-7.tmp")) {
            Files.writeString(out.resolve("images/" + f), f);
        }
        Path table = Files.createDirectories(out.resolve("results.parquet/_temporary/0/task_1"));
        Files.writeString(table.resolve("part-00000-0b7a4f9e-3c3e-4c1e-9d0e-6d1c3b1b2a55-c000.snappy.parquet"), "x");
        Files.writeString(out.resolve("results.parquet/_SUCCESS"), "");
        Files.writeString(out.resolve("results.parquet/.part-00000-0b7a4f9e-3c3e-4c1e-9d0e-6d1c3b1b2a55-c000.snappy.parquet.crc"), "");
        Files.writeString(out.resolve("summary.csv"), "seed\n");
        return out;
    }

    private static List<String> args(String command, String manifest, Path out) {
        List<String> a = new ArrayList<>(List.of(command, dir.resolve(manifest).toString(), "-o", out.toString()));
        a.addAll(FAST);
        return a;
    }

    private record Cli(int code, String out, String err) {}

    private static Cli cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AtelierSpark.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Cli(code, out.toString(), err.toString());
    }

    /** Every file under {@code root} by relative path, with its SHA-256. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), StylizeJobTest.sha256(p));
            }
        }
        return m;
    }
}
