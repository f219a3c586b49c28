package dev.atelier.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Paints one row of a style-network job inside a task: reads its image, scales it to the job's long side
 * (if any), paints it with the executor's copy of the network ({@link ExecutorStyleNets}), writes
 * {@code images/ID.png} and its sidecar {@code images/ID.png.json} atomically, and returns its line of the
 * results table.
 *
 * <p>What the row itself gets wrong (a missing, corrupt or oversized image, a picture too small or too
 * large for the network, a pass the engine refuses) fails the row: it is recorded with its error and the
 * job goes on. What is not the row's fault (an output that cannot be written, an input that cannot be read
 * for I/O reasons, damaged network bytes) fails the task, which Spark retries; the retry rewrites the same
 * files, since a picture depends on nothing but the image, the size and the network.
 */
public final class StyleNetRowPainter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final StyleNetJobConfig config;
    private final Supplier<byte[]> netBytes;
    private final HadoopFiles files;

    /**
     * @param netBytes the network file's bytes, asked for only when this JVM has not loaded it yet
     */
    public StyleNetRowPainter(StyleNetJobConfig config, Supplier<byte[]> netBytes, Configuration hadoopConf) {
        this.config = config;
        this.netBytes = netBytes;
        this.files = new HadoopFiles(hadoopConf);
    }

    /**
     * Paints {@code row}.
     *
     * @param attempt a tag unique to this task attempt (temporary file names)
     * @param attemptNumber Spark's attempt number, recorded in the table
     * @throws IOException when an output cannot be written (the task fails and is retried)
     */
    public StyleNetRowResult run(ContentRow row, String attempt, int attemptNumber) throws IOException {
        long t0 = System.nanoTime();
        int threads = ExecutorResources.threads();
        ExecutorStyleNets.Net net = ExecutorStyleNets.network(config.netSha256(), netBytes);
        double waited = 0;
        List<Path> temporary = new ArrayList<>();
        try {
            RgbImage painted;
            double paintSeconds;
            try {
                RgbImage photo = files.readImage(row.content(), "content", temporary);
                if (config.size() > 0) {
                    int[] wh = StyleTransferEngine.outputSize(photo.width(), photo.height(), config.size());
                    photo = photo.resized(wh[0], wh[1]);
                }
                long waitStart = System.nanoTime();
                synchronized (ExecutorStyleNets.PASS) {
                    waited = seconds(waitStart);
                    long p0 = System.nanoTime();
                    painted = net.applier().apply(photo);
                    paintSeconds = seconds(p0);
                }
            } catch (RuntimeException e) {
                // the row's image (missing, corrupt, too small or too large) or a pass the engine refused for
                // it: a retry would fail the same way
                return StyleNetRowResult.failed(row, config, RowStylizer.oneLine(e), seconds(t0), waited, attemptNumber,
                        threads);
            }
            Path dir = Files.createTempDirectory("atelier-spark-row-");
            temporary.add(dir);
            Path image = dir.resolve(row.id() + ".png");
            painted.write(image);
            Path sidecar = dir.resolve(row.id() + ".png.json");
            Files.write(sidecar, JSON.writeValueAsBytes(sidecar(row, net, painted, paintSeconds)));
            org.apache.hadoop.fs.Path target = RowStylizer.outputOf(config.outputDir(), row.id());
            // image first, sidecar last: a sidecar beside an image means the row is complete
            files.publish(image, target, attempt);
            files.publish(sidecar, new org.apache.hadoop.fs.Path(target.getParent(), target.getName() + ".json"), attempt);
            return new StyleNetRowResult(row.id(), row.content(), config.net(), config.netSha256(), target.toString(),
                    painted.width(), painted.height(), seconds(t0), waited, paintSeconds, StyleNetRowResult.WRITTEN, null,
                    attemptNumber, threads);
        } finally {
            HadoopFiles.deleteLocal(temporary);
        }
    }

    /** What {@code atelier style-net apply} writes beside a picture, plus the row's id and the job's size. */
    private Map<String, Object> sidecar(ContentRow row, ExecutorStyleNets.Net net, RgbImage painted, double seconds) {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("file", config.net());
        network.put("sha256", config.netSha256());
        network.put("architecture", net.loaded().network().architecture().describe());
        network.put("colors", net.loaded().keepColors() ? "keep" : "none");
        network.put("metadata", net.loaded().metadata());
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("output", row.id() + ".png");
        side.put("content", row.content());
        side.put("row_id", row.id());
        side.put("size", config.size() > 0 ? config.size() : null);
        side.put("style_net", network);
        side.put("width", painted.width());
        side.put("height", painted.height());
        side.put("milliseconds", Math.round(seconds * 1e4) / 10.0);
        return side;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
