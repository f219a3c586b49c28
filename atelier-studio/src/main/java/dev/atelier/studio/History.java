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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The studio's history: one row per run in an embedded H2 database file ({@code studio.mv.db} in the data
 * folder); the images live in files beside it. A run's row is updated only after its files are in place,
 * so the database never names a file that is not complete. Thread-safe (one connection, synchronised).
 */
public final class History implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, parent, parent_snapshot, created, status, controls, changes, settings, "
            + "judge, evaluations, final_loss, message, snapshots";

    private final Connection db;

    /**
     * Opens (creating if needed) the history in {@code dataDir}; runs that were queued or running when the
     * server last stopped are marked interrupted.
     *
     * @throws InvalidInputException when another studio holds the same data folder
     */
    public History(Path dataDir) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("studio") + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";
        try {
            db = DriverManager.getConnection(url, "atelier", "");
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new InvalidInputException("the data folder " + dataDir + " is in use by another studio; "
                        + "stop it or give another --data");
            }
            throw e;
        }
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS runs (id VARCHAR(40) PRIMARY KEY, parent VARCHAR(40), "
                    + "parent_snapshot INT, created BIGINT NOT NULL, status VARCHAR(20) NOT NULL, controls CLOB NOT NULL, "
                    + "changes CLOB NOT NULL, settings CLOB, judge CLOB, evaluations INT NOT NULL, final_loss DOUBLE, "
                    + "message VARCHAR(2000), snapshots INT NOT NULL)");
            s.executeUpdate("UPDATE runs SET status = 'interrupted', message = 'the server stopped during this run' "
                    + "WHERE status IN ('queued', 'running', 'pausing', 'paused')");
        }
    }

    /** Adds a new run. */
    public synchronized void insert(RunRecord r) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            bind(p, r);
            p.executeUpdate();
        }
    }

    /** Replaces a run's row. */
    public synchronized void update(RunRecord r) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE runs SET id = ?, parent = ?, parent_snapshot = ?, "
                + "created = ?, status = ?, controls = ?, changes = ?, settings = ?, judge = ?, evaluations = ?, "
                + "final_loss = ?, message = ?, snapshots = ? WHERE id = ?")) {
            bind(p, r);
            p.setString(14, r.id());
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
        p.setString(2, r.parent());
        if (r.parentSnapshot() == null) {
            p.setNull(3, Types.INTEGER);
        } else {
            p.setInt(3, r.parentSnapshot());
        }
        p.setLong(4, r.created());
        p.setString(5, r.status());
        p.setString(6, json(r.controls()));
        p.setString(7, json(r.changes()));
        p.setString(8, r.settings() == null ? null : json(r.settings()));
        p.setString(9, r.judge() == null ? null : json(r.judge()));
        p.setInt(10, r.evaluations());
        if (r.finalLoss() == null || !Double.isFinite(r.finalLoss())) {
            p.setNull(11, Types.DOUBLE);
        } else {
            p.setDouble(11, r.finalLoss());
        }
        String m = r.message();
        p.setString(12, m == null ? null : m.length() > 2000 ? m.substring(0, 2000) : m);
        p.setInt(13, r.snapshots());
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        int snapshot = rs.getInt(3);
        Integer parentSnapshot = rs.wasNull() ? null : snapshot;
        double loss = rs.getDouble(11);
        Double finalLoss = rs.wasNull() ? null : loss;
        try {
            return new RunRecord(rs.getString(1), rs.getString(2), parentSnapshot, rs.getLong(4), rs.getString(5),
                    JSON.readValue(rs.getString(6), Controls.class),
                    JSON.readValue(rs.getString(7), new TypeReference<List<Controls>>() {}),
                    rs.getString(8) == null ? null : JSON.readValue(rs.getString(8), new TypeReference<Map<String, Object>>() {}),
                    rs.getString(9) == null ? null : JSON.readValue(rs.getString(9), new TypeReference<Map<String, Object>>() {}),
                    rs.getInt(10), finalLoss, rs.getString(12), rs.getInt(13));
        } catch (JsonProcessingException e) {
            throw new SQLException("history row " + rs.getString(1) + " holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
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
