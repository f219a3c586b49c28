package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest's raw bytes never reach the terminal: every message that echoes a manifest's cells, column
 * names or path is one printable line (control characters escaped, long values cut), exit code 2.
 */
class SparkManifestMessagesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void images() throws IOException {
        System.setProperty("atelier.cache.dir", Files.createDirectories(dir.resolve("store")).toString());
        StylizeJobTest.image(dir.resolve("cat.png"), 48, 48, 1);
        StylizeJobTest.image(dir.resolve("wave.png"), 48, 48, 2);
    }

    @Test
    void manifestsWithNulBytesAndControlCharactersGiveOnePrintableLine() throws Exception {
        String longId = "x".repeat(5000) + "\u0000";
        String[][] cases = {
            // a NUL in the header: a column that is no setting
            {"content,style,si\u0000ze\ncat.png,wave.png,48\n", "\\u0000", "no setting name"},
            // a NUL, a bell and a terminal escape in an id
            {"id,content,style\nab\u0000\u0007c\u001b[31m,cat.png,wave.png\n", "\\u001b[31m", "must be letters"},
            // line breaks inside a quoted cell
            {"id,content,style\n\"ab\u0000\r\n\nc\",cat.png,wave.png\n", "\\u0000", "cannot be read as a table"},
            // a malformed record, which Spark's message quotes
            {"content,style\n\"ca\u0000t\n\nzz\n.png\",wave.png\n", "\\u0000", "cannot be read as a table"},
            // a huge id is cut
            {"id,content,style\n" + longId + ",cat.png,wave.png\n", "...", "must be letters"},
        };
        int i = 0;
        for (String[] c : cases) {
            Path manifest = dir.resolve("m" + i + ".csv");
            Files.writeString(manifest, c[0]);
            StringWriter err = new StringWriter();
            int code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err)).execute("stylize", manifest.toString(),
                    "-o", dir.resolve("out" + i++).toString(), "--master", "local[1]", "--size", "48", "--max-evals", "1");
            String line = err.toString();
            assertThat(code).as(line).isEqualTo(2);
            assertThat(line).as(c[0]).hasLineCount(1).startsWith("atelier: manifest ").contains(c[1], c[2]);
            assertThat(line.stripTrailing().chars().filter(ch -> Character.isISOControl(ch)).count()).as(line).isZero();
            assertThat(line.length()).isLessThan(1200);
        }
    }

    /** The library names the missing setting by its key; the command line says it as its own option. */
    @Test
    void aManifestWithoutStylesNamesTheStyleOption() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos"));
        Files.copy(dir.resolve("cat.png"), folder.resolve("cat.png"));
        Path table = dir.resolve("nostyle.csv");
        Files.writeString(table, "content\ncat.png\n");
        String[][] cases = {
            {folder.toString(), "atelier: --style: a folder manifest needs a style image (one or more)"},
            {table.toString(), "atelier: --style: manifest file:" + table + " has no 'style' column; add one, or give a style image"},
        };
        int i = 0;
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            Path out = dir.resolve("nostyle-out" + i++);
            int code = AtelierSpark.newCommandLine().setErr(new PrintWriter(err)).execute("stylize", c[0],
                    "-o", out.toString(), "--master", "local[1]", "--size", "48", "--max-evals", "1");
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).hasLineCount(1).startsWith(c[1]);
            assertThat(out.resolve("images")).doesNotExist();
        }
    }

    @Test
    void printableEscapesControlAndInvisibleCharactersAndCutsLongValues() {
        assertThat(Printable.of("a\u0000b\tc\u202ed")).isEqualTo("a\\u0000b\\u0009c\\u202ed");
        assertThat(Printable.of("x".repeat(200), 10)).isEqualTo("xxxxxxxxxx...");
        assertThat(Printable.of("Größe 猫")).isEqualTo("Größe 猫");
        assertThat(Printable.line("first\r\n  second\u0000", 100)).isEqualTo("first second\\u0000");
        // a row's error column: the same one line
        assertThat(RowStylizer.oneLine(new IllegalArgumentException("size: '4\u00008' is not\na whole number")))
                .isEqualTo("size: '4\\u00008' is not a whole number");
    }
}
