package dev.atelier.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The studio's history: one row per run, style transfer or harmonization, in an embedded H2 database file
 * ({@code studio.mv.db} in the data folder); the images live in files beside it. A run's row is updated only
 * after its files are in place, so the database never names a file that is not complete. Thread-safe (one
 * connection, synchronised).
 *
 * <p>The schema is the first version's table plus columns added since, each added to an existing file
 * when it is opened, so a history written by an older studio opens with its runs intact.
 */
public final class History implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, kind, parent, parent_snapshot, created, finished, status, controls, "
            + "changes, settings, judge, metrics, evaluations, final_loss, message, snapshots";
    /** The table as the first studio created it; never changed, so old and new files start the same. */
    static final String CREATE_FIRST_VERSION = "CREATE TABLE IF NOT EXISTS runs (id VARCHAR(40) PRIMARY KEY, "
            + "parent VARCHAR(40), parent_snapshot INT, created BIGINT NOT NULL, status VARCHAR(20) NOT NULL, "
            + "controls CLOB NOT NULL, changes CLOB NOT NULL, settings CLOB, judge CLOB, evaluations INT NOT NULL, "
            + "final_loss DOUBLE, message VARCHAR(2000), snapshots INT NOT NULL)";
    /**
     * Columns added after the first version, in order. A row from before them was a style transfer with no
     * recorded end time and no harmonization metrics.
     */
    private static final List<String> ADDED_COLUMNS = List.of(
            "kind VARCHAR(20) DEFAULT 'transfer' NOT NULL",
            "finished BIGINT",
            "metrics CLOB");

    /** The statuses of a run that may still paint, as an SQL list: {@code 'queued', 'running', ...}. */
    private static final String LIVE_STATUSES = Arrays.stream(JobStatus.values()).filter(JobStatus::isLive)
            .map(s -> "'" + s.label() + "'").collect(Collectors.joining(", "));

    private final Connection db;

    /**
     * Opens (creating if needed, adding the columns an older studio's file lacks) the history in
     * {@code dataDir}; runs of either kind that were queued or running when the server last stopped are
     * marked interrupted.
     *
     * @throws InvalidInputException when another studio holds the same data folder
     */
    public History(Path dataDir) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("studio") + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
        try {
            db = DriverManager.getConnection(url, "atelier", "");
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new dev.atelier.core.SettingException("data", "the data folder " + dataDir
                        + " is in use by another studio; stop it or choose another data folder");
            }
            throw e;
        }
        try (Statement s = db.createStatement()) {
            s.execute(CREATE_FIRST_VERSION);
            for (String column : ADDED_COLUMNS) {
                s.execute("ALTER TABLE runs ADD COLUMN IF NOT EXISTS " + column);
            }
            s.executeUpdate("UPDATE runs SET status = '" + JobStatus.INTERRUPTED.label() + "', "
                    + "message = 'the server stopped during this run' WHERE status IN (" + LIVE_STATUSES + ")");
        }
    }

    /** Adds a new run. */
    public synchronized void insert(RunRecord r) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            bind(p, r);
            p.executeUpdate();
        }
    }

    /** Replaces a run's row. */
    public synchronized void update(RunRecord r) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE runs SET id = ?, kind = ?, parent = ?, "
                + "parent_snapshot = ?, created = ?, finished = ?, status = ?, controls = ?, changes = ?, settings = ?, "
                + "judge = ?, metrics = ?, evaluations = ?, final_loss = ?, message = ?, snapshots = ? WHERE id = ?")) {
            bind(p, r);
            p.setString(17, r.id());
            p.executeUpdate();
        }
    }

    public synchronized Optional<RunRecord> find(String id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The newest {@code limit} runs, newest first. */
    public synchronized List<RunRecord> list(int limit) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM runs ORDER BY created DESC, id LIMIT ?")) {
            p.setInt(1, limit);
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    private static void bind(PreparedStatement p, RunRecord r) throws SQLException {
        p.setString(1, r.id());
        p.setString(2, r.kind().label());
        p.setString(3, r.parent());
        if (r.parentSnapshot() == null) {
            p.setNull(4, Types.INTEGER);
        } else {
            p.setInt(4, r.parentSnapshot());
        }
        p.setLong(5, r.created());
        if (r.finished() == null) {
            p.setNull(6, Types.BIGINT);
        } else {
            p.setLong(6, r.finished());
        }
        p.setString(7, r.status().label());
        p.setString(8, json(r.kind() == RunRecord.Kind.HARMONIZE ? r.harmonizeControls() : r.controls()));
        p.setString(9, json(r.changes()));
        p.setString(10, r.settings() == null ? null : json(r.settings()));
        p.setString(11, r.judge() == null ? null : json(r.judge()));
        p.setString(12, r.metrics() == null ? null : json(r.metrics()));
        p.setInt(13, r.evaluations());
        if (r.finalLoss() == null || !Double.isFinite(r.finalLoss())) {
            p.setNull(14, Types.DOUBLE);
        } else {
            p.setDouble(14, r.finalLoss());
        }
        String m = r.message();
        p.setString(15, m == null ? null : m.length() > 2000 ? m.substring(0, 2000) : m);
        p.setInt(16, r.snapshots());
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        int snapshot = rs.getInt("parent_snapshot");
        Integer parentSnapshot = rs.wasNull() ? null : snapshot;
        long end = rs.getLong("finished");
        Long finished = rs.wasNull() ? null : end;
        double loss = rs.getDouble("final_loss");
        Double finalLoss = rs.wasNull() ? null : loss;
        RunRecord.Kind kind;
        JobStatus status;
        try {
            kind = RunRecord.Kind.of(rs.getString("kind"));
            status = JobStatus.of(rs.getString("status"));
        } catch (IllegalArgumentException e) {
            throw new SQLException("history row " + id + ": " + e.getMessage(), e);
        }
        try {
            String controls = rs.getString("controls");
            boolean harmonize = kind == RunRecord.Kind.HARMONIZE;
            return new RunRecord(id, kind, rs.getString("parent"), parentSnapshot, rs.getLong("created"), finished,
                    status,
                    harmonize ? null : JSON.readValue(controls, Controls.class),
                    harmonize ? JSON.readValue(controls, HarmonizeControls.class) : null,
                    JSON.readValue(rs.getString("changes"), new TypeReference<List<Controls>>() {}),
                    map(rs.getString("settings")), map(rs.getString("judge")), map(rs.getString("metrics")),
                    rs.getInt("evaluations"), finalLoss, rs.getString("message"), rs.getInt("snapshots"));
        } catch (JsonProcessingException e) {
            throw new SQLException("history row " + id + " holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> map(String json) throws JsonProcessingException {
        return json == null ? null : JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
