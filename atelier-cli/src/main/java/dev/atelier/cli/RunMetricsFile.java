package dev.atelier.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import dev.atelier.train.schedule.RecordedCurves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the per-batch record of a {@code train --metrics-json} file for {@code schedule plot --run}. */
final class RunMetricsFile {
    /** Ten million batches of a few groups is far more than any run here; a larger file is not ours. */
    private static final long MAX_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunMetricsFile() {}

    /** The recorded curves, or one line saying what is wrong with the file. */
    static RecordedCurves read(Path file) throws IOException {
        InputFiles.requireRegularFile("metrics file", file);
        if (Files.size(file) > MAX_BYTES) {
            throw new InvalidInputException(file + " is " + Files.size(file) + " bytes: too large for a metrics file");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InvalidInputException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode its = root == null ? null : root.get("iterations");
        if (its == null || !its.isArray() || its.isEmpty()) {
            throw new InvalidInputException(file + " has no per-batch record (\"iterations\"): write it with"
                    + " 'atelier train --metrics-json' of this version");
        }
        int n = its.size();
        JsonNode first = its.get(0).get("lr");
        if (first == null || !first.isArray() || first.isEmpty()) {
            throw new InvalidInputException(file + ": iterations[0].lr must be a non-empty array");
        }
        int groups = first.size();
        long[] iteration = new long[n];
        int[] phase = new int[n];
        double[][] lr = new double[groups][n];
        double[] momentum = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode it = its.get(i);
            JsonNode l = it.get("lr");
            if (!it.path("iteration").isIntegralNumber() || !it.path("phase").isIntegralNumber()
                    || !it.path("momentum").isNumber() || l == null || !l.isArray() || l.size() != groups) {
                throw new InvalidInputException(file + ": iterations[" + i + "] needs iteration, phase, momentum and"
                        + " an lr array of " + groups + " numbers");
            }
            iteration[i] = it.get("iteration").asLong();
            phase[i] = it.get("phase").asInt();
            momentum[i] = it.get("momentum").asDouble();
            for (int g = 0; g < groups; g++) {
                if (!l.get(g).isNumber()) {
                    throw new InvalidInputException(file + ": iterations[" + i + "].lr[" + g + "] is not a number");
                }
                lr[g][i] = l.get(g).asDouble();
            }
        }
        return new RecordedCurves(iteration, phase, lr, momentum);
    }
}
