package dev.atelier.studio;

import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Where the studio keeps its runs: each run's files ({@link RunFiles}: result, thumbnail, snapshots, masks,
 * sidecar) and its row in the {@link History}. A finished run's row is written after its files, so the
 * history never names a file that is not complete.
 */
final class RunStore {
    /** The thumbnail's long side in the history list. */
    static final int THUMBNAIL = 160;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dataDir;
    private final History history;

    /** A finished run's sidecar, as the JSON written beside its result. */
    @FunctionalInterface
    interface Sidecar {
        byte[] json(RunFiles files) throws IOException;
    }

    RunStore(Path dataDir, History history) {
        this.dataDir = dataDir;
        this.history = history;
    }

    /** The files of run {@code id}. */
    RunFiles files(String id) {
        return RunFiles.of(dataDir, id);
    }

    /** Keeps a new style transfer's painted masks: its row keeps only that they were painted. */
    void saveMasks(Job<JobKind.Transfer> job) throws IOException {
        RunFiles files = files(job.id);
        List<StyleInput> styles = job.kind().styles();
        for (int i = 0; i < styles.size(); i++) {
            SoftMask m = styles.get(i).mask();
            if (m != null) {
                // the grey mask as an RGB picture, which any viewer shows and which reads back as it was
                float[] v = m.values();
                float[] rgb = new float[3 * v.length];
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(v, 0, rgb, c * v.length, v.length);
                }
                new RgbImage(m.width(), m.height(), rgb).write(files.mask(i));
            }
        }
    }

    /** Adds a new job's row. */
    void add(Job<?> job) throws SQLException {
        history.insert(record(job, null, null, null));
    }

    /** Writes a job's row as it stands (queued, running, failed, cancelled). */
    void update(Job<?> job) throws SQLException {
        history.update(record(job, null, null, null));
    }

    /** Keeps the image at the end of scale {@code index} of a job: a point to branch from. */
    void saveSnapshot(Job<?> job, int index, RgbImage image) throws IOException {
        image.write(files(job.id).snapshot(index));
    }

    /**
     * Keeps a harmonization's latest image of pass {@code pass}, then the list of its pass images: each file
     * replaced whole (written beside, then moved), so a reader never sees half a picture, and the list never
     * names an image not yet there.
     */
    void savePass(Job<?> job, int pass, byte[] png) throws IOException {
        RunFiles files = files(job.id);
        Files.createDirectories(files.dir());
        replace(files.pass(pass), png);
        replace(files.passes(), JSON.writeValueAsBytes(job.passPreviews.describe()));
    }

    /** The pass images kept for run {@code id}, as {@link PassPreviews#describe}; empty when there are none. */
    Map<String, Object> storedPasses(String id) throws IOException {
        Path f = files(id).passes();
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        return JSON.readValue(f.toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Keeps a finished job: its result and sidecar (as a pair: both or neither), its thumbnail, then its final
     * {@code status}, then its row with the settings it ended with and its judge's losses or metrics.
     */
    void finish(Job<?> job, JobStatus status, RgbImage result, Sidecar sidecar, Map<String, Object> settings,
            Map<String, Object> judge, Map<String, Object> metrics) throws IOException, SQLException {
        RunFiles files = files(job.id);
        result.writeWith(files.result(), files.sidecar(), sidecar.json(files));
        int[] t = StyleTransferEngine.outputSize(result.width(), result.height(), THUMBNAIL);
        result.resized(t[0], t[1]).write(files.thumbnail());
        job.status = status;
        // the row is written last: it never names a file that is not complete
        history.update(record(job, settings, judge, metrics));
    }

    /**
     * Keeps an instant picture: its result and sidecar, its thumbnail and the result again as its only snapshot
     * (what a refinement starts from), then {@code row}.
     */
    void keepInstant(RunRecord row, RgbImage result, byte[] sidecar) throws IOException, SQLException {
        RunFiles files = files(row.id());
        Files.createDirectories(files.dir());
        result.writeWith(files.result(), files.sidecar(), sidecar);
        int[] t = StyleTransferEngine.outputSize(result.width(), result.height(), THUMBNAIL);
        result.resized(t[0], t[1]).write(files.thumbnail());
        result.write(files.snapshot(0));
        history.insert(row);
    }

    /** The controls of a finished style transfer with its painted masks restored from their files (for a branch). */
    Controls withStoredMasks(RunRecord r) throws IOException {
        Controls c = r.controls();
        if (c.styles() == null) {
            return c;
        }
        List<Controls.StyleChoice> styles = new ArrayList<>();
        RunFiles files = files(r.id());
        for (int i = 0; i < c.styles().size(); i++) {
            Controls.StyleChoice s = c.styles().get(i);
            String mask = null;
            if (s.mask() != null && Files.isRegularFile(files.mask(i))) {
                mask = Base64.getEncoder().encodeToString(Files.readAllBytes(files.mask(i)));
            }
            styles.add(new Controls.StyleChoice(s.image(), s.weight(), mask, s.scale()));
        }
        return c.withStyles(styles);
    }

    /**
     * The job's history row as it stands; a finished job's row is written once, when it ends, so its end
     * time is now.
     */
    private static RunRecord record(Job<?> j, Map<String, Object> settings, Map<String, Object> judge,
            Map<String, Object> metrics) {
        synchronized (j) {
            JobKind kind = j.kind();
            // the row keeps each kind's controls in a field of its own
            Controls transfer = kind instanceof JobKind.Transfer t ? t.submitted() : null;
            HarmonizeControls harmonize = kind instanceof JobKind.Harmonization h ? h.controls() : null;
            return new RunRecord(j.id, kind.historyKind(), kind.parent(), kind.parentSnapshot(), j.created,
                    j.finished() ? System.currentTimeMillis() : null, j.status, transfer, harmonize, kind.changes(),
                    settings, judge, metrics, j.evaluations, Double.isFinite(j.lastLoss) ? j.lastLoss : null,
                    j.message, j.snapshots);
        }
    }
}
