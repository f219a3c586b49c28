package dev.atelier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvAuditReaderTest {
    private static AuditInput read(String csv, CsvAuditReader reader) throws IOException {
        return reader.read(new StringReader(csv), "t.csv");
    }

    private static CsvAuditReader predictions() {
        return CsvAuditReader.builder().setLabelColumn("y").optPredictionColumn("p").addGroupColumn("g").build();
    }

    @Test
    void readsQuotedFieldsByteOrderMarkAndBlankLines() throws IOException {
        String csv = "\uFEFFy,p,g\n1,1,\"Smith, J.\"\n\n0,1,\"say \"\"hi\"\"\"\r\n";
        AuditInput input = read(csv, predictions());
        assertThat(input.size()).isEqualTo(2);
        assertThat(input.labels()).containsExactly("1", "0");
        assertThat(input.groups().get("g")).containsExactly("Smith, J.", "say \"hi\"");
        assertThat(input.description()).isEqualTo("t.csv");
    }

    @Test
    void scoresWithThresholdAndOtherDelimiters() throws IOException {
        CsvAuditReader reader = CsvAuditReader.builder().setLabelColumn("y").optScoreColumn("s").optThreshold(0.3)
                .addGroupColumn("g").optDelimiter(';').build();
        AuditInput input = read("y;s;g\n1;0.25;a\n0; 1e-1 ;b\n", reader);
        assertThat(input.scores().orElseThrow()).containsExactly(0.25, 0.1);
        assertThat(input.threshold()).isEqualTo(0.3);
        assertThat(input.predictions()).isEmpty();
    }

    @Test
    void missingColumnsAreListedWithTheAvailableOnes() {
        CsvAuditReader reader = CsvAuditReader.builder().setLabelColumn("label").optPredictionColumn("p")
                .addGroupColumn("race").addGroupColumn("g").build();
        assertThatThrownBy(() -> read("y,p,g\n1,1,a\n", reader)).isInstanceOf(InvalidInputException.class)
                .hasMessage("columns 'label', 'race' are not in t.csv; its columns are: y, p, g");
    }

    @Test
    void everyBadCellIsReportedWithItsLine() {
        assertThatThrownBy(() -> read("y,p,g\n1,1,a\n1,0\n", predictions()))
                .hasMessage("t.csv line 3 has 2 fields but the header has 3");
        assertThatThrownBy(() -> read("y,p,g\n1,1,a\n,0,b\n", predictions()))
                .hasMessage("t.csv line 3: empty label in column 'y'");
        assertThatThrownBy(() -> read("y,p,g\n1,1,a\n1,0,  \n", predictions()))
                .hasMessageStartingWith("t.csv line 3: empty group in column 'g'");
        CsvAuditReader scores = CsvAuditReader.builder().setLabelColumn("y").optScoreColumn("s")
                .addGroupColumn("g").build();
        assertThatThrownBy(() -> read("y,s,g\n1,0.2,a\n\n0,NaN,b\n", scores))
                .hasMessage("t.csv line 4: score column 's' has 'NaN', not a number; scores must be finite decimal numbers");
        assertThatThrownBy(() -> read("y,s,g\n1,0.5,\"multi\nline\"\n0,x,b\n", scores))
                .hasMessageStartingWith("t.csv line 4: score column 's' has 'x', not a number");
        // The message stays on one line even when the bad value spans two.
        assertThatThrownBy(() -> read("y,s,g\n1,\"0.5\n7\",a\n", scores))
                .hasMessageStartingWith("t.csv line 2: score column 's' has '0.5\\n7', not a number");
    }

    @Test
    void textInAnotherEncodingIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.csv");
        StringBuilder csv = new StringBuilder("y,p,g\n");
        for (int i = 0; i < 3000; i++) {
            csv.append("1,1,a\n"); // past the parser's first buffer, so the bad byte comes mid-stream
        }
        csv.append("0,1,Zo\u00eb\n");
        Files.write(file, csv.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> predictions().read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage("latin1.csv is not UTF-8 text; save it as UTF-8 CSV");
        Files.write(file, "y,p,g\u00eb\n1,1,a\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> predictions().read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage("latin1.csv is not UTF-8 text; save it as UTF-8 CSV");
    }

    @Test
    void emptyFileAndHeaderOnly() {
        assertThatThrownBy(() -> read("", predictions())).hasMessageStartingWith("t.csv is empty");
        assertThatThrownBy(() -> read("y,p,g\n", predictions())).hasMessage("t.csv has a header but no rows");
    }

    @Test
    void builderNeedsLabelPredictionsAndGroups() {
        assertMissing(CsvAuditReader.builder().optPredictionColumn("p").addGroupColumn("g"), "label");
        assertMissing(CsvAuditReader.builder().setLabelColumn("y").addGroupColumn("g"), "prediction");
        assertMissing(CsvAuditReader.builder().setLabelColumn("y").optPredictionColumn("p"), "group");
        assertMissing(CsvAuditReader.builder().setLabelColumn("y").optPredictionColumn("p").optThreshold(0.5)
                .addGroupColumn("g"), "score");
    }

    /** The builder names the setting it misses by its key, and says what is wrong in neutral words. */
    private static void assertMissing(CsvAuditReader.Builder builder, String key) {
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(SettingException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.detail()).doesNotContain("--");
        });
    }
}
