package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where a run's images live: {@code runs/ID/} in the data folder. */
public final class RunFiles {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private final Path dir;

    private RunFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * The files of run {@code id}.
     *
     * @throws InvalidInputException when {@code id} is not a run id (so it can never name another folder)
     */
    public static RunFiles of(Path dataDir, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("'" + id + "' is not a run id");
        }
        return new RunFiles(dataDir.resolve("runs").resolve(id));
    }

    public Path dir() {
        return dir;
    }

    /** The result, full size. */
    public Path result() {
        return dir.resolve("result.png");
    }

    /** The result's JSON sidecar, as {@code stylize} writes it. */
    public Path sidecar() {
        return dir.resolve("result.png.json");
    }

    /** The result at most 160 px on its long side, for the history list. */
    public Path thumbnail() {
        return dir.resolve("thumb.png");
    }

    /** The image at the end of scale {@code k} (the last one is the result). */
    public Path snapshot(int k) {
        return dir.resolve("snapshot-" + k + ".png");
    }

    /** A harmonization's latest image of pass {@code pass} (1 or 2), blended into the painting at its scale. */
    public Path pass(int pass) {
        return dir.resolve("pass-" + pass + ".png");
    }

    /** What {@link #pass} images there are: each one's version, scale and size, as {@code passPreviews} in the API. */
    public Path passes() {
        return dir.resolve("passes.json");
    }

    /** The painted mask of style {@code i}. */
    public Path mask(int i) {
        return dir.resolve("mask-" + i + ".png");
    }
}
