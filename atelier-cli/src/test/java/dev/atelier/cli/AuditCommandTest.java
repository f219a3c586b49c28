package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
    @TempDir
    Path dir;

    private Path csv;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * 40 cases: group A (24) and B (16). Labels y, predictions yhat, score s.
     * A: TP 8, FP 2, TN 10, FN 4 → FPR 2/12, FNR 4/12. B: TP 4, FP 6, TN 4, FN 2 → FPR 6/10, FNR 2/6.
     */
    @BeforeEach
    void writeCsv() throws IOException {
        List<String> rows = new ArrayList<>(List.of("id,grp,sex,y,yhat,s"));
        int[] id = {1};
        add(rows, id, "A", 1, 1, 8);
        add(rows, id, "A", 0, 1, 2);
        add(rows, id, "A", 0, 0, 10);
        add(rows, id, "A", 1, 0, 4);
        add(rows, id, "B", 1, 1, 4);
        add(rows, id, "B", 0, 1, 6);
        add(rows, id, "B", 0, 0, 4);
        add(rows, id, "B", 1, 0, 2);
        csv = dir.resolve("cases.csv");
        Files.write(csv, rows);
    }

    private static void add(List<String> rows, int[] id, String group, int y, int yhat, int count) {
        for (int k = 0; k < count; k++) {
            String sex = id[0] % 2 == 0 ? "F" : "M";
            double score = yhat == 1 ? 0.6 + 0.01 * (k % 10) : 0.1 + 0.01 * (k % 10);
            rows.add(id[0]++ + "," + group + "," + sex + "," + y + "," + yhat + "," + score);
        }
    }

    private int run(String... args) {
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String[] audit(String... extra) {
        return Stream.concat(Stream.of("audit", csv.toString(), "--label", "y"), Stream.of(extra))
                .toArray(String[]::new);
    }

    @Test
    void tableGoesToStdoutWithCountsRatesAndFlags() {
        int code = run(audit("--prediction", "yhat", "--group", "grp"));
        assertThat(code).as(err.toString()).isEqualTo(0);
        String text = out.toString();
        assertThat(text).contains("grp (reference: A)", "A (ref)", "16.7% (", "60.0% (")
                .contains("3.60×") // B's FPR 0.6 over A's 1/6
                .contains("Flags (");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void markdownFormat() {
        assertThat(run(audit("--prediction", "yhat", "--group", "grp", "--format", "md"))).isEqualTo(0);
        assertThat(out.toString()).startsWith("# Bias audit: cases.csv")
                .contains("## Flags", "| grp | n | TP | FP | TN | FN |", "| B | 16 | 4 | 6 | 4 | 2 |");
    }

    @Test
    void jsonFormatWithIntersections() throws IOException {
        assertThat(run(audit("--prediction", "yhat", "--score", "s", "--group", "grp,sex", "--format", "json")))
                .isEqualTo(0);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        JsonNode groupings = root.path("classes").path(0).path("groupings");
        assertThat(groupings).hasSize(3);
        assertThat(groupings.path(2).path("name").asText()).isEqualTo("grp & sex");
        JsonNode a = groupings.path(0).path("groups").path(0);
        assertThat(a.path("group").asText()).isEqualTo("A");
        assertThat(a.path("rates").path("false_positive_rate").path("value").asDouble()).isEqualTo(2.0 / 12);
        assertThat(a.path("auc").isNumber()).isTrue();
    }

    @Test
    void htmlToFileByExtension() throws IOException {
        Path report = dir.resolve("out/report.html");
        assertThat(run(audit("--prediction", "yhat", "--group", "grp", "-o", report.toString()))).isEqualTo(0);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "</html>");
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("wrote html report");
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertThat(files).containsExactly(report); // no temporary file left behind
        }
    }

    @Test
    void scoreAndThresholdReplacePredictions() {
        assertThat(run(audit("--score", "s", "--threshold", "0.5", "--group", "grp", "--format", "json")))
                .isEqualTo(0);
        assertThat(out.toString()).contains("\"threshold\" : 0.5").contains("\"tp\" : 8");
    }

    @Test
    void missingColumnIsNamedWithTheAvailableOnes() {
        assertBadInput(audit("--prediction", "yhat", "--group", "race"),
                "column 'race' is not in cases.csv; its columns are: id, grp, sex, y, yhat, s");
    }

    @Test
    void nonBinaryLabelsNeedAPositiveClass() throws IOException {
        Files.write(csv, List.of("y,yhat,g", "cat,cat,a", "dog,cat,a", "bird,bird,b"));
        assertBadInput(audit("--prediction", "yhat", "--group", "g"), "not binary: 3 values");
        assertThat(err.toString()).contains("atelier: --positive: ", "; say which is the positive class,"
                + " or audit each class against the rest with --one-vs-rest");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(audit("--prediction", "yhat", "--group", "g", "--one-vs-rest"))).isEqualTo(0);
        assertThat(out.toString()).contains("positive class 'bird' vs the rest", "positive class 'dog' vs the rest");
        out.getBuffer().setLength(0);
        assertThat(run(audit("--prediction", "yhat", "--group", "g", "--positive", "cat"))).isEqualTo(0);
        assertThat(out.toString()).contains("positive class 'cat'");
    }

    @Test
    void emptyGroupIsRejectedWithItsLine() throws IOException {
        Files.write(csv, List.of("y,yhat,g", "1,1,a", "0,1,", "1,0,b"));
        assertBadInput(audit("--prediction", "yhat", "--group", "g"), "cases.csv line 3: empty group in column 'g'");
    }

    @Test
    void nonNumericScoreIsRejectedWithLineAndValue() throws IOException {
        Files.write(csv, List.of("y,s,g", "1,0.9,a", "0,0.2,a", "1,high,b"));
        assertBadInput(audit("--score", "s", "--group", "g"), "cases.csv line 4: score column 's' has 'high', not a number");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Files.write(csv, new byte[0]);
        assertBadInput(audit("--prediction", "yhat", "--group", "g"), "cases.csv is empty");
    }

    @Test
    void missingFileAndOptionMistakesAreBadInput() {
        assertBadInput(new String[] {"audit", dir.resolve("nope.csv").toString(), "--label", "y", "--prediction",
            "yhat", "--group", "grp"}, "no such CSV file");
        assertBadInput(audit("--group", "grp"), "atelier: --prediction: say which column holds the predictions,"
                + " or the scores (--score COL, with --threshold T)");
        assertBadInput(audit("--prediction", "yhat"), "atelier: --group: say which column(s) hold the groups");
        assertBadInput(new String[] {"audit", csv.toString(), "--prediction", "yhat", "--group", "grp"},
                "atelier: --label: say which column holds the true labels");
        assertBadInput(audit("--prediction", "yhat", "--threshold", "0.3", "--group", "grp"),
                "atelier: --score: a threshold applies to scores; say which column holds them");
        assertBadInput(audit("--prediction", "yhat", "--group", "grp", "--reference", "Z"),
                "reference group 'Z' does not occur");
        assertBadInput(audit("--prediction", "yhat", "--group", "grp", "--ratio-bounds", "1.2,0.9"), "ratio bounds");
        assertBadInput(audit("--prediction", "yhat", "--group", "grp", "--format", "pdf"), "unknown report format");
    }

    @Test
    void failedRunLeavesNoOutputFile() throws IOException {
        Files.write(csv, List.of("y,s,g", "1,x,a"));
        Path report = dir.resolve("report.md");
        assertBadInput(audit("--score", "s", "--group", "g", "-o", report.toString()), "not a number");
        assertThat(report).doesNotExist();
    }

    @Test
    void outputEqualToTheInputIsRefusedAndTheInputKept() throws IOException {
        byte[] before = Files.readAllBytes(csv);
        Path link = dir.resolve("link.md");
        Files.createSymbolicLink(link, csv);
        for (String out : new String[] {csv.toString(), dir.resolve(".").resolve("cases.csv").toString(),
            dir.resolve("sub/../cases.csv").toString(), link.toString()}) {
            Files.createDirectories(dir.resolve("sub"));
            assertBadInput(audit("--prediction", "yhat", "--group", "grp", "--format", "md", "-o", out),
                    "refusing to overwrite an input");
            assertThat(Files.readAllBytes(csv)).as(out).isEqualTo(before);
        }
    }

    @Test
    void badOutputLocationsAreRefusedBeforeTheWork() throws IOException {
        // A CSV that would fail to read: if the output were checked after the work, that error would show.
        Files.write(csv, List.of("y,s,g", "1,x,a"));
        assertBadInput(audit("--score", "s", "--group", "g", "-o", csv.resolve("report.md").toString()),
                "cannot write the report " + csv.resolve("report.md") + ": " + csv + " is a file, not a folder");
        assertBadInput(audit("--score", "s", "--group", "g", "-o", dir.toString()), "is a folder");
        assertBadInput(audit("--score", "s", "--group", "g", "-o", "/dev/null"), "is not a regular file");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        locked.toFile().setWritable(false);
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "SKIPPED: running as root, every folder is writable");
            assertBadInput(audit("--score", "s", "--group", "g", "-o", locked.resolve("r.md").toString()),
                    "folder " + locked + " is not writable");
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void duplicateHeaderAndHostileValuesGiveOneCleanLine() throws IOException {
        Files.write(csv, List.of("y,yhat,g,y", "1,1,a,0"));
        assertBadInput(audit("--prediction", "yhat", "--group", "g"), "cases.csv has two columns named 'y'");
        // A column name with a terminal escape sequence and a line break, quoted back in the message.
        Files.write(csv, List.of("y,yhat,\"\u001b[2Jg\nx\"", "1,1,a"));
        assertBadInput(audit("--prediction", "yhat", "--group", "race"), "its columns are: y, yhat, g x");
        assertThat(err.toString()).doesNotContain("\u001b");
        Files.write(csv, new byte[] {'y', ',', 0, 1, 2, '\n', (byte) 0xff, (byte) 0xfe});
        assertBadInput(audit("--prediction", "yhat", "--group", "g"), "cases.csv");
    }

    @Test
    void maxGroupsListsTheWorstAndSaysHowManyMore() {
        assertThat(run(audit("--prediction", "yhat", "--group", "grp,sex", "--format", "md", "--max-groups", "1")))
                .isEqualTo(0);
        assertThat(out.toString()).contains("Listed: 1 of 2 groups", "Listed: 1 of 4 groups")
                .contains("| A (ref) |").doesNotContain("| B |");
    }

    /** The Markdown reports committed under examples/audit (and quoted in docs/bias-audit.md) are current. */
    @Test
    void committedExampleReportsMatchWhatTheCommandWritesNow() throws IOException {
        Path examples = Path.of("..", "examples", "audit");
        Assumptions.assumeTrue(Files.isDirectory(examples),
                "SKIPPED: examples/audit not found from " + Path.of("").toAbsolutePath());
        Path compas = dir.resolve("compas.md");
        assertThat(run("audit", examples.resolve("compas-propublica-counts.csv").toString(), "--label",
                "two_year_recid", "--prediction", "high_risk", "--group", "race", "-o", compas.toString()))
                .isEqualTo(0);
        assertThat(Files.readString(compas)).isEqualTo(Files.readString(examples.resolve("compas-propublica-counts.md")));
        Path hiring = dir.resolve("hiring.md");
        assertThat(run("audit", examples.resolve("hiring-synthetic.csv").toString(), "--label", "qualified",
                "--score", "score", "--threshold", "0.5", "--group", "sex,age_band", "-o", hiring.toString()))
                .isEqualTo(0);
        assertThat(Files.readString(hiring)).isEqualTo(Files.readString(examples.resolve("hiring-synthetic.md")));
    }

    private void assertBadInput(String[] args, String message) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = run(args);
        assertThat(code).as("exit code for %s; stderr %s", String.join(" ", args), err).isEqualTo(2);
        String stderr = err.toString();
        assertThat(stderr).contains(message);
        assertThat(stderr.strip().lines().count()).as("one line: %s", stderr).isEqualTo(1);
        assertThat(stderr).doesNotContain("Exception", "\tat ");
    }
}
