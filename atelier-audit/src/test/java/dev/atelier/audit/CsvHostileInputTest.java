package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad and hostile CSV files, generated here: each is one clear message, never a crash or a huge buffer. */
class CsvHostileInputTest {
    @TempDir
    Path dir;

    private static CsvAuditReader scores() {
        return CsvAuditReader.builder().setLabelColumn("y").optScoreColumn("s").addGroupColumn("g").build();
    }

    private static AuditInput read(String csv, CsvAuditReader reader) throws IOException {
        return reader.read(new StringReader(csv), "t.csv");
    }

    @Test
    void duplicateHeaderNamesAreRefused() {
        assertThatThrownBy(() -> read("y,s,g,y\n1,0.5,a,0\n", scores())).isInstanceOf(InvalidInputException.class)
                .hasMessage("t.csv has two columns named 'y' (columns 1 and 4); rename one so that every column has"
                        + " its own name");
        // Also when the duplicate is not a column the audit uses, and after trimming spaces.
        assertThatThrownBy(() -> read("y,s,g,id, id\n1,0.5,a,1,2\n", scores()))
                .hasMessageStartingWith("t.csv has two columns named 'id' (columns 4 and 5)");
    }

    @Test
    void binaryFilesAreRefused() throws IOException {
        assertThatThrownBy(() -> read("y,s,g\n1,0.5,a\n0,0.\u00005,b\n", scores()))
                .hasMessage("t.csv line 3 holds a NUL character: it is a binary file, not CSV text");
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        Path file = dir.resolve("noise.csv");
        Files.write(file, noise);
        assertThatThrownBy(() -> scores().read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("noise.csv ");
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "\uFEFFy,s,g\n1,0.5,a\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> scores().read(utf16)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("utf16.csv ");
    }

    @Test
    void aRecordLongerThanTheLimitIsRefusedBeforeItIsBuffered() {
        CsvAuditReader reader = CsvAuditReader.builder().setLabelColumn("y").optScoreColumn("s").addGroupColumn("g")
                .optMaxRecordChars(1000).build();
        String longLine = "y,s,g\n1,0.5,a\n0,0.5," + "x".repeat(5000) + "\n";
        assertThatThrownBy(() -> read(longLine, reader))
                .hasMessageStartingWith("t.csv line 3: a record longer than 1000 characters")
                .hasMessageContaining(CsvAuditReader.MAX_RECORD_CHARS_PROPERTY);
        // A quote never closed swallows the rest of the file into one field: caught the same way.
        String unclosed = "y,s,g\n1,0.5,\"a\n" + "0,0.5,b\n".repeat(500);
        assertThatThrownBy(() -> read(unclosed, reader)).hasMessageStartingWith("t.csv line 2: a record longer");
        // Quoted line breaks inside a normal record are fine.
        assertThat(catchNothing(() -> read("y,s,g\n1,0.5,\"a\nb\"\n0,0.2,c\n", reader))).isTrue();
    }

    @Test
    void scoresMustBePlainFiniteNumbers() {
        for (String bad : new String[] {"NaN", "Infinity", "-inf", "1e999", "0x1p-2", "1d", "0.5f", "", "½"}) {
            String csv = "y,s,g\n1,0.5,a\n0," + bad + ",b\n";
            assertThatThrownBy(() -> read(csv, scores())).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("t.csv line 3: score column 's' has '" + bad + "'");
        }
        assertThat(catchNothing(() -> read("y,s,g\n1,.5,a\n0,-1.5E-3,b\n1,+2,c\n", scores()))).isTrue();
    }

    @Test
    void missingColumnsAndEmptyFilesAreNamed() {
        assertThatThrownBy(() -> read("", scores())).hasMessageStartingWith("t.csv is empty");
        assertThatThrownBy(() -> read("\uFEFF", scores())).hasMessageStartingWith("t.csv is empty");
        assertThatThrownBy(() -> read("y,s,g\n\n\n", scores())).hasMessage("t.csv has a header but no rows");
        assertThatThrownBy(() -> read("y,g\n1,a\n", scores()))
                .hasMessage("column 's' is not in t.csv; its columns are: y, g");
    }

    private interface Body {
        void run() throws Exception;
    }

    private static boolean catchNothing(Body body) {
        try {
            body.run();
            return true;
        } catch (Exception e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }
}
