package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * A phase list as JSON, the format of {@code atelier schedule} and {@code atelier train --phases}
 * (documented in docs/training-phases.md). Either explicit phases:
 *
 * <pre>{@code
 * {
 *   "iterationsPerEpoch": 235,          // or {"14px": 235, "28px": 235}; only needed to plot/show
 *   "layerGroups": 3,                   // optional: checked against every lr array
 *   "phases": [
 *     {"epochs": 1, "optimizer": "sgd", "lr": 0.01, "momentum": 0.9},
 *     {"epochs": 1, "lr": [1e-4, 1e-3, 1e-2], "lrEnd": 0, "lrDecay": "cosine"},
 *     {"iterations": 100, "optimizer": "adam", "lr": 1e-3, "momentum": 0.95, "momentumEnd": 0.85,
 *      "momentumDecay": "linear", "wd": 1e-4, "data": "28px", "switchPolicy": "momentum-to-beta1"}
 *   ]
 * }
 * }</pre>
 *
 * or one named schedule instead of {@code phases}, read into a {@link ScheduleSpec} (defaults in
 * {@link ScheduleSpec.Defaults}): {@code "oneCycle": {"lr", "epochs", "div", "pct", "maxMomentum",
 * "minMomentum", "optimizer", "wd", "groupRatio"}}, {@code "sgdr": {"lr", "cycles", "cycleLen",
 * "cycleMult", "optimizer", "momentum", "wd", "groupRatio"}} or {@code "stepwise": {"epochs": [..],
 * "lr": [..], "optimizer", "momentum", "wd", "groupRatio", "groupLrs": [..]}}. Discriminative learning
 * rates work with each: {@code "lr"} of oneCycle and sgdr may be one peak rate per layer group, and
 * stepwise's {@code "groupLrs"} spreads every step over the groups (see {@link GroupLearningRates}).
 *
 * <p>Reading validates everything it can without a model or data and reports every problem, one line
 * each, prefixed by where it is ({@code phases[2].lrDecay: unknown decay 'cosin' ...}). This record is the
 * format's one way in: {@link #read}/{@link #parse} hand the text to {@code PhasesFileReader},
 * {@link #write}/{@link #toJson} to {@code PhasesFileWriter}, and both spell phases as {@code PhaseFields} does.
 *
 * @param phases the phases, in order
 * @param iterationsPerEpoch batches per epoch for each data key, as written in the file (may be empty)
 * @param declaredLayerGroups the file's {@code layerGroups}, if given
 */
public record PhasesFile(List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch,
        OptionalInt declaredLayerGroups) {

    /** Key of {@link #iterationsPerEpoch} that a plain number in the file is stored under: every dataset. */
    public static final String ANY_DATA = "*";

    public PhasesFile {
        phases = List.copyOf(phases);
        iterationsPerEpoch = Map.copyOf(iterationsPerEpoch);
    }

    /**
     * Reads and validates {@code file}: at most 16 MiB of UTF-8 text.
     *
     * @throws InvalidInputException for a folder, a file too large or not text, and as {@link #parse}
     */
    public static PhasesFile read(Path file) throws IOException {
        return PhasesFileReader.read(file);
    }

    /**
     * Parses and validates JSON text.
     *
     * @param source name used to prefix error messages (usually the file name)
     * @throws InvalidInputException listing every problem, one per line
     */
    public static PhasesFile parse(String json, String source) {
        return PhasesFileReader.parse(json, source);
    }

    /** Writes {@code phases} as an explicit phase list (atomically), readable by {@link #read}. */
    public static void write(Path file, List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch)
            throws IOException {
        PhasesFileWriter.write(file, phases, iterationsPerEpoch);
    }

    /** The JSON text of an explicit phase list. */
    public static String toJson(List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch) {
        return PhasesFileWriter.toJson(phases, iterationsPerEpoch);
    }

    /** The file's {@code layerGroups}, else the length of its longest lr array, else 1. */
    public int layerGroups() {
        return declaredLayerGroups.orElseGet(
                () -> phases.stream().mapToInt(p -> p.learningRates().size()).max().orElse(1));
    }

    /** The file's batches per epoch of data {@code key}: its own entry, else the plain number for every key. */
    public OptionalLong epochLength(String key) {
        Long n = iterationsPerEpoch.getOrDefault(key, iterationsPerEpoch.get(ANY_DATA));
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /**
     * Batches per epoch for each data key: {@code override} for every key if given, else the file's
     * {@link #epochLength}; a key with neither fails with a clear message.
     *
     * @throws SettingException ({@code iterations_per_epoch}) for an override that is not positive
     */
    public ToLongFunction<String> batchesPerEpoch(Long override) {
        if (override != null && override <= 0) {
            throw new SettingException("iterations_per_epoch", "must be positive, got " + override);
        }
        return key -> override != null ? override : epochLength(key).orElseThrow(() -> new InvalidInputException(
                "no iterationsPerEpoch for data '" + key + "': add it to the file or give the number of batches per"
                        + " epoch"));
    }

    /** Compiles for plotting or previewing, with the file's own epoch lengths and layer groups. */
    public TrainingSchedule compile(Long iterationsPerEpochOverride) {
        return TrainingSchedule.compile(phases, batchesPerEpoch(iterationsPerEpochOverride), layerGroups());
    }
}
