package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.train.checkpoint.CheckpointArchive;
import dev.atelier.train.checkpoint.TensorTable;
import dev.atelier.train.learner.ParameterCopy;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.TrainingSchedule;
import dev.atelier.train.optim.ParameterState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A progressive GAN's whole training state in one {@link CheckpointArchive} (the container the
 * learner's checkpoints use too): {@code gan.json} (format, configuration with the loss and the EMA,
 * crossfade and reset options, seed, iteration, the phases file and its schedule fingerprint, the level
 * and α reached and the iteration that level began training at, each optimizer slot's step count and buffer
 * ages) and {@code tensors.bin} (every
 * parameter of both networks, the generator's weight average as {@code ema.<name>}, and every Adam buffer
 * as {@code <name>#<buffer>}, each as name, count and raw floats, a {@link TensorTable}). Written
 * atomically. Reading checks every declared count against the bytes left before allocating, and every
 * tensor's size against the network the configuration builds before copying it in.
 */
public final class GanCheckpoint {
    /**
     * 3: with {@code levelStart}, the iteration the level reached began training at ({@link WeightChoice}).
     * Format 2 (no levelStart) is still read, its levelStart taken from its phases where they count
     * iterations only ({@link #FORMAT_2}); format 1 (before the weight average and the loss and growth
     * options) is refused.
     */
    static final int FORMAT = 3;
    /** The previous format, read and converted: the same header without {@code levelStart}. */
    static final int FORMAT_2 = 2;
    /** levelStart of a format-2 header whose phases count epochs: not known without the data set. */
    static final long UNKNOWN = -1;
    /** Prefix of the weight average's tensors. */
    static final String EMA = "ema.";
    static final String HEADER = "gan.json";
    // strict: a field of the wrong type, a missing or an unknown one is refused, never coerced or defaulted
    private static final CheckpointArchive ARCHIVE = new CheckpointArchive("GAN checkpoint", "GAN checkpoint", HEADER)
            .strict();
    /** Only the format, read leniently first so that an older file says so, not which field it lacks. */
    private static final CheckpointArchive FORMAT_PROBE = new CheckpointArchive("GAN checkpoint", "GAN checkpoint", HEADER);

    private record FormatOnly(Integer format) {}

    /**
     * Which generator weights to use: the raw trained ones, their moving average, or (auto, the default of
     * {@code gan sample} and {@code gan score}) the average where it has warmed up, by {@link WeightChoice}'s
     * rule, and the raw ones otherwise.
     */
    public enum Weights {
        RAW("raw"), EMA("ema"), AUTO("auto");

        private final String key;

        Weights(String key) {
            this.key = key;
        }

        /** {@code raw}, {@code ema} or {@code auto}. */
        public String key() {
            return key;
        }

        /** @throws InvalidInputException for any name but raw, ema and auto */
        public static Weights of(String key) {
            for (Weights w : values()) {
                if (w.key.equals(key)) {
                    return w;
                }
            }
            throw new InvalidInputException("unknown weights '" + key + "' (known: raw, ema, auto)");
        }
    }

    /** Smallest entry of the tensor table: an empty name (2 bytes) and a count (4). */
    private static final int MIN_ENTRY_BYTES = 6;

    /**
     * The JSON part.
     *
     * @param levelStart the first iteration of {@code level} in the phases (its fade-in's first, 0 for the
     *     first level): where the newest layers began training; {@link #UNKNOWN} only in a format-2 file whose
     *     phases count epochs
     */
    public record Header(int format, int latentSize, int[] channels, int batchSize, int stddevGroup, double r1Gamma,
            int r1Every, String loss, double emaDecay, boolean fadeReals, boolean resetOptimizer, long seed,
            long iteration, String fingerprint, String phases, int level, double alpha, long levelStart,
            Map<String, Slot> optimizer) {
        /** The configuration the networks were built and trained with. */
        public GanConfig config() {
            return new GanConfig(latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, GanLoss.of(loss),
                    emaDecay, fadeReals, resetOptimizer);
        }
    }

    /** A format-2 header: a {@link Header} without levelStart, read as strictly. */
    private record Format2Header(int format, int latentSize, int[] channels, int batchSize, int stddevGroup,
            double r1Gamma, int r1Every, String loss, double emaDecay, boolean fadeReals, boolean resetOptimizer,
            long seed, long iteration, String fingerprint, String phases, int level, double alpha,
            Map<String, Slot> optimizer) {
        Header withLevelStart(long levelStart) {
            return new Header(format, latentSize, channels, batchSize, stddevGroup, r1Gamma, r1Every, loss, emaDecay,
                    fadeReals, resetOptimizer, seed, iteration, fingerprint, phases, level, alpha, levelStart,
                    optimizer);
        }
    }

    /** One parameter's optimizer step count and buffer ages. */
    public record Slot(long steps, Map<String, Long> ages) {}

    /**
     * A read checkpoint: the header and the tensors as plain arrays.
     *
     * @param source the file it was read from, named in messages
     */
    public record Contents(Path source, Header header, Map<String, float[]> tensors) {
        /** A generator with this checkpoint's raw weights, in {@code manager}. */
        public Generator generator(NDManager manager) {
            return generator(manager, Weights.RAW);
        }

        /**
         * A generator with this checkpoint's raw weights or their moving average ({@link Weights#AUTO}: as
         * {@link #weights} chooses), in {@code manager}.
         */
        public Generator generator(NDManager manager, Weights weights) {
            Weights used = weights == Weights.AUTO ? weights(weights).weights() : weights;
            Generator g = new Generator(header.config(), manager, 0);
            copyInto(source, g.parameters(), tensors, used == Weights.EMA ? EMA : "");
            return g;
        }

        /**
         * Which weights {@code asked} means for this checkpoint and why ({@link WeightChoice#of}): the
         * newest layers have trained {@code iteration − levelStart} iterations with decay {@code emaDecay}.
         */
        public WeightChoice weights(Weights asked) {
            return WeightChoice.of(asked, header.emaDecay(), header.levelStart() == UNKNOWN ? OptionalLong.empty()
                    : OptionalLong.of(header.iteration() - header.levelStart()));
        }

        /**
         * Refuses a checkpoint that does not lie on {@code plan} (the growth it is resumed along): an
         * iteration past the plan's end, or a level and α other than the plan's at that iteration (what
         * {@link GanCheckpoint#write} stores).
         *
         * @throws InvalidInputException naming the file and the field
         */
        public void requireOn(GrowthPlan plan) {
            long total = plan.schedule().totalIterations();
            if (header.iteration() > total) {
                throw damaged(source, "iteration " + header.iteration() + " is past the end of its phases ("
                        + total + " iterations)");
            }
            GrowthPlan.Step reached = plan.at(Math.max(0, Math.min(header.iteration(), total) - 1));
            if (header.level() != reached.level()) {
                throw damaged(source, "level " + header.level() + " is not the level of its phases at iteration "
                        + header.iteration() + " (" + reached.level() + ")");
            }
            if (Double.compare(header.alpha(), reached.alpha()) != 0) {
                throw damaged(source, "alpha " + header.alpha() + " is not the fade-in of its phases at iteration "
                        + header.iteration() + " (" + reached.alpha() + ")");
            }
            long start = plan.levelStart(reached.level());
            if (header.levelStart() != UNKNOWN && header.levelStart() != start) {
                throw damaged(source, "levelStart " + header.levelStart() + " is not the iteration its phases begin"
                        + " level " + reached.level() + " at (" + start + ")");
            }
        }

        /**
         * {@code n} images of {@code generator} (built by {@link #generator}) at the resolution and fade-in
         * this checkpoint reached, from the latents of {@code seed}; in {@code manager}.
         */
        public NDArray sample(Generator generator, NDManager manager, int n, long seed) {
            NDArray z = GanTrainer.latents(manager, n, header.config().latentSize(), seed);
            return generator.forward(z, header.level(), header.alpha());
        }

        /**
         * As {@link #sample}, but with the newest level blended in at {@code alpha} instead of the fade-in this
         * checkpoint reached: the same latents through the same weights at any point of the level's fade-in,
         * from the previous resolution's picture (α = 0, upsampled) to the new one's (α = 1). That shows
         * what a fade-in blends, which a grid at the stored α alone cannot.
         *
         * @throws IllegalArgumentException where {@code alpha} is outside [0, 1] or the level is the first,
         *     which has no previous resolution (front ends check both first, in their own words)
         */
        public NDArray sample(Generator generator, NDManager manager, int n, long seed, double alpha) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("the blend α of a fade must be in [0, 1], got " + alpha);
            }
            if (header.level() == 0) {
                throw new IllegalArgumentException("level 0 has no previous resolution to fade in from");
            }
            NDArray z = GanTrainer.latents(manager, n, header.config().latentSize(), seed);
            return generator.forward(z, header.level(), alpha);
        }

        /** Side of the images {@link #sample} makes, in pixels. */
        public int resolution() {
            return 4 << header.level();
        }

        /** Puts parameters, optimizer state and position into {@code trainer} (built with the same config). */
        public void restoreInto(GanTrainer trainer, NDManager manager) {
            Map<String, NDArray> all = new LinkedHashMap<>(trainer.generator().parameters().all());
            all.putAll(trainer.discriminator().parameters().all());
            requireKnownTensors(all);
            copyInto(source, trainer.generator().parameters(), tensors, "");
            copyInto(source, trainer.average().parameters(), tensors, EMA);
            copyInto(source, trainer.discriminator().parameters(), tensors, "");
            header.optimizer().forEach((name, slot) -> {
                NDArray like = all.get(name);
                if (like == null) {
                    throw damaged(source, "optimizer." + name + " is the state of a parameter the configuration"
                            + " does not have");
                }
                ParameterState state = trainer.state(name);
                state.setSteps(slot.steps());
                slot.ages().forEach((buffer, age) -> {
                    float[] values = tensors.get(name + "#" + buffer);
                    if (values == null || values.length != like.size()) {
                        throw damaged(source, (values == null ? "it lacks" : "the wrong size of")
                                + " optimizer buffer " + name + "#" + buffer);
                    }
                    state.put(buffer, OwnedArrays.of(manager, values, like.getShape()), age);
                });
            });
            trainer.setIteration(header.iteration());
        }

        /**
         * Every tensor must be a parameter of the networks or a buffer the header's optimizer state names:
         * anything else means the file was not written for this configuration.
         */
        private void requireKnownTensors(Map<String, NDArray> parameters) {
            for (String name : tensors.keySet()) {
                int hash = name.indexOf('#');
                String parameter = hash < 0 ? name : name.substring(0, hash);
                Slot slot = header.optimizer().get(parameter);
                boolean known = hash < 0 ? parameters.containsKey(name) || averaged(name, parameters)
                        : slot != null && slot.ages().containsKey(name.substring(hash + 1));
                if (!known) {
                    throw damaged(source, CheckpointArchive.TENSORS + " holds " + name + ", which its configuration"
                            + " does not have");
                }
            }
        }
    }

    /** {@code ema.<name>} of a generator parameter. */
    private static boolean averaged(String name, Map<String, NDArray> parameters) {
        return name.startsWith(EMA + "g") && parameters.containsKey(name.substring(EMA.length()));
    }

    private GanCheckpoint() {}

    /** Writes {@code trainer}'s state, with the phases file text that made its schedule, atomically. */
    public static void write(Path file, GanTrainer trainer, String phasesJson) throws IOException {
        GanConfig c = trainer.config();
        Map<String, Slot> slots = new LinkedHashMap<>();
        trainer.optimizerStates().forEach((name, state) -> {
            Map<String, Long> ages = new LinkedHashMap<>();
            state.names().forEach(b -> ages.put(b, state.age(b)));
            slots.put(name, new Slot(state.steps(), ages));
        });
        long done = trainer.iteration();
        GrowthPlan.Step reached = trainer.plan().at(Math.max(0, Math.min(done, trainer.plan().schedule().totalIterations()) - 1));
        Header header = new Header(FORMAT, c.latentSize(), c.channels(), c.batchSize(), c.stddevGroup(), c.r1Gamma(),
                c.r1Every(), c.loss().key(), c.emaDecay(), c.fadeReals(), c.resetOptimizer(), trainer.seed(), done,
                trainer.plan().schedule().fingerprint(), phasesJson, reached.level(), reached.alpha(),
                trainer.plan().levelStart(reached.level()), slots);
        Map<String, NDArray> arrays = new LinkedHashMap<>(trainer.generator().parameters().all());
        arrays.putAll(trainer.discriminator().parameters().all());
        trainer.average().parameters().all().forEach((name, value) -> arrays.put(EMA + name, value));
        trainer.optimizerStates().forEach((name, state) ->
                state.names().forEach(b -> arrays.put(name + "#" + b, state.get(b))));
        ARCHIVE.write(file, header, data -> {
            data.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                TensorTable.writeFloats(data, e.getKey(), e.getValue().toFloatArray());
            }
        });
    }

    /**
     * Reads a checkpoint.
     *
     * @throws InvalidInputException when the file is not a readable GAN checkpoint
     */
    public static Contents read(Path file) throws IOException {
        Integer format = null;
        try {
            format = FORMAT_PROBE.read(file, FormatOnly.class).header().format();
        } catch (InvalidInputException unreadable) {
            // the strict read below says what is wrong
        }
        if (format != null && format != FORMAT && format != FORMAT_2) {
            throw new InvalidInputException(file + " has GAN checkpoint format " + format + "; this version reads "
                    + FORMAT_2 + " and " + FORMAT + (format == 1 ? " (format 1 predates the weight average and the"
                    + " loss options: train it again)" : ""));
        }
        boolean old = format != null && format == FORMAT_2;
        TensorTable table;
        Header header;
        if (old) {
            CheckpointArchive.Contents<Format2Header> contents = ARCHIVE.read(file, Format2Header.class);
            Format2Header h = contents.header();
            header = h.withLevelStart(levelStartOfFormat2(h.phases(), h.fingerprint(), h.level()));
            table = contents.tensors();
        } else {
            CheckpointArchive.Contents<Header> contents = ARCHIVE.read(file, Header.class);
            header = contents.header();
            table = contents.tensors();
        }
        if (header.format() != (old ? FORMAT_2 : FORMAT)) {
            throw new InvalidInputException(file + " has GAN checkpoint format " + header.format() + "; this version reads "
                    + FORMAT_2 + " and " + FORMAT);
        }
        GanHeaderCheck.check(file, header);
        Map<String, float[]> out = new LinkedHashMap<>();
        try {
            int n = table.readCount("tensors", MIN_ENTRY_BYTES);
            for (int i = 0; i < n; i++) {
                String name = table.readName();
                if (out.put(name, table.readFloats(name)) != null) {
                    throw ARCHIVE.damaged(file, CheckpointArchive.TENSORS + " holds " + name + " twice");
                }
            }
            table.requireEnd();
        } catch (IOException | RuntimeException e) {
            throw ARCHIVE.damaged(file, e);
        }
        return new Contents(file, header, out);
    }

    /**
     * Where a format-2 checkpoint's level began: from its stored phases, which give the plan exactly when
     * every phase counts iterations (the shipped plans do) and their schedule is the one the checkpoint's
     * fingerprint names; {@link #UNKNOWN} otherwise (an epoch's length depends on the data set, which the
     * checkpoint does not record). Resuming checks it against the real plan ({@link Contents#requireOn}).
     */
    private static long levelStartOfFormat2(String phasesJson, String fingerprint, int level) {
        try {
            TrainingSchedule schedule = TrainingSchedule.compile(PhasesFile.parse(phasesJson, "stored phases").phases(),
                    key -> {
                        throw new EpochsCounted();
                    }, 1);
            if (!schedule.fingerprint().equals(fingerprint)) {
                return UNKNOWN;
            }
            long start = new GrowthPlan(schedule).levelStart(level);
            return start < 0 ? UNKNOWN : start;
        } catch (EpochsCounted | InvalidInputException e) {
            return UNKNOWN;
        }
    }

    /** A phase counts epochs: its length needs the data set. */
    private static final class EpochsCounted extends RuntimeException {
        EpochsCounted() {
            super(null, null, false, false);
        }
    }

    /** "FILE is a damaged GAN checkpoint: WHY". */
    static InvalidInputException damaged(Path file, String why) {
        return ARCHIVE.damaged(file, why);
    }

    /** Copies tensor {@code prefix + name} into each parameter {@code name} of {@code params}. */
    static void copyInto(Path file, ParameterSet params, Map<String, float[]> tensors, String prefix) {
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            String name = prefix + e.getKey();
            float[] values = tensors.get(name);
            NDArray target = e.getValue();
            if (values == null || values.length != target.size()) {
                throw damaged(file, values == null ? "it lacks " + name
                        : name + " has " + values.length + " values; its configuration needs " + target.size());
            }
            try (NDArray source = OwnedArrays.of(target.getManager(), values, target.getShape())) {
                ParameterCopy.into(target, source);
            }
        }
    }
}
