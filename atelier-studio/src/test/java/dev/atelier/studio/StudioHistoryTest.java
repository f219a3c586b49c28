package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history database: a file written by the first studio opens, migrated, beside new harmonization rows. */
class StudioHistoryTest {
    @TempDir
    Path data;

    private static final String OLD_ID = "0123456789abcdef0123456789abcdef";
    private static final String OLD_RUNNING = "fedcba9876543210fedcba9876543210";
    private static final String HARMONIZED = "00112233445566778899aabbccddeeff";

    /** Writes a history file as the first studio did: its CREATE TABLE, as it stood, and two of its rows. */
    private void writeFirstVersionFile() throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("studio") + ";TRACE_LEVEL_FILE=0";
        try (Connection db = DriverManager.getConnection(url, "atelier", ""); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS runs (id VARCHAR(40) PRIMARY KEY, parent VARCHAR(40), "
                    + "parent_snapshot INT, created BIGINT NOT NULL, status VARCHAR(20) NOT NULL, controls CLOB NOT NULL, "
                    + "changes CLOB NOT NULL, settings CLOB, judge CLOB, evaluations INT NOT NULL, final_loss DOUBLE, "
                    + "message VARCHAR(2000), snapshots INT NOT NULL)");
            s.execute("INSERT INTO runs VALUES ('" + OLD_ID + "', NULL, NULL, 1700000000000, 'done', "
                    + "'{\"content\":\"example:chelsea\",\"styles\":[{\"image\":\"example:hokusai-great-wave\",\"weight\":1.0}],\"size\":48}', "
                    + "'[]', '{\"size\":48}', '{\"total\":12.5}', 6, 3.25, NULL, 1)");
            s.execute("INSERT INTO runs VALUES ('" + OLD_RUNNING + "', NULL, NULL, 1700000001000, 'running', "
                    + "'{\"content\":\"example:chelsea\",\"styles\":[{\"image\":\"example:hokusai-great-wave\"}]}', "
                    + "'[]', NULL, NULL, 2, NULL, NULL, 0)");
        }
    }

    @Test
    void aFirstVersionFileOpensWithItsRunsAsStyleTransfersAndTakesHarmonizations() throws Exception {
        writeFirstVersionFile();
        HarmonizeControls controls = new HarmonizeControls("example:van-gogh-village-street-auvers", "upload:"
                + "ab".repeat(16), "painted", 12, 8, 0.5, 2, Map.of("size", 96, "max_evals", 40, "level", 5.0, "scales", "48,96"));
        Map<String, Object> metrics = Map.of("naive_composite", Map.of("content_relu4_1", 0.0),
                "result", Map.of("content_relu4_1", 0.125));
        RunRecord harmonized = new RunRecord(HARMONIZED, RunRecord.Kind.HARMONIZE, null, null, 1700000002000L,
                1700000009000L, JobStatus.DONE, null, controls, List.of(), Map.of("size", 96), null, metrics, 40, 1.5, null, 2);
        try (History history = new History(data)) {
            List<RunRecord> runs = history.list(10);
            assertThat(runs).extracting(RunRecord::id).containsExactly(OLD_RUNNING, OLD_ID);
            RunRecord old = runs.get(1);
            assertThat(old.kind()).isEqualTo(RunRecord.Kind.TRANSFER);
            assertThat(old.status()).isEqualTo(JobStatus.DONE);
            assertThat(old.controls().content()).isEqualTo("example:chelsea");
            assertThat(old.controls().styles().get(0).image()).isEqualTo("example:hokusai-great-wave");
            assertThat(old.harmonizeControls()).isNull();
            assertThat(old.judge()).isEqualTo(Map.of("total", 12.5));
            assertThat(old.finalLoss()).isEqualTo(3.25);
            assertThat(old.finished()).isNull();
            assertThat(old.metrics()).isNull();
            // the old studio's run that was painting when it stopped
            assertThat(runs.get(0).status()).isEqualTo(JobStatus.INTERRUPTED);
            assertThat(runs.get(0).message()).isEqualTo("the server stopped during this run");

            history.insert(harmonized);
            assertThat(history.find(HARMONIZED)).contains(harmonized);
            RunRecord running = new RunRecord(HARMONIZED.replace('0', 'e'), RunRecord.Kind.HARMONIZE, null, null,
                    1700000003000L, null, JobStatus.RUNNING, null, controls, List.of(), null, null, null, 3, null, null, 0);
            history.insert(running);
        }
        // opened again: the columns are there already (the migration is a no-op), and the harmonization that
        // was running is marked interrupted as a style run is
        try (History history = new History(data)) {
            List<RunRecord> runs = history.list(10);
            assertThat(runs).extracting(RunRecord::kind).containsExactly(RunRecord.Kind.HARMONIZE,
                    RunRecord.Kind.HARMONIZE, RunRecord.Kind.TRANSFER, RunRecord.Kind.TRANSFER);
            assertThat(runs.get(1)).isEqualTo(harmonized);
            assertThat(runs.get(0).status()).isEqualTo(JobStatus.INTERRUPTED);
            assertThat(runs.get(0).harmonizeControls()).isEqualTo(controls);
            assertThat(runs.get(3).controls().settings().get("size")).isEqualTo(48);
        }
    }
}
