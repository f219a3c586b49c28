package dev.atelier.train.schedule;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.optim.OptimizerOptions;
import dev.atelier.train.optim.OptimizerSwitchPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One stretch of training with its own optimizer, hyper-parameter schedules and dataset. Immutable:
 * every method below returns a new phase, so phases read like the lesson's
 *
 * <pre>{@code
 * List.of(
 *     TrainingPhase.epochs(1).optimizer(OptimizerKind.SGD).lr(1e-2),
 *     TrainingPhase.epochs(1).optimizer(OptimizerKind.SGD).lr(1e-2, 1e-3, DecayType.COSINE),
 *     TrainingPhase.epochs(0.5).optimizer(OptimizerKind.ADAM).lr(1e-3).momentum(0.95, 0.85, DecayType.LINEAR));
 * }</pre>
 *
 * <p>Learning rates are per layer group: one value (or schedule) for every group, one per group with
 * {@link #lrs}, or one value spread with {@link #groupRatio}. {@link TrainingSchedule#compile} checks
 * everything that depends on the model or the data.
 *
 * @param length epochs or iterations
 * @param optimizer which update rule trains this phase (default SGD)
 * @param options the optimizer's fixed settings (default {@link OptimizerOptions#DEFAULTS})
 * @param learningRates one schedule for all groups, or one per group; empty until set (required)
 * @param groupRatio with a single learning rate, each layer group gets the next group's rate divided
 *     by this ratio: 3 groups and ratio 3 give {@code lr/9, lr/3, lr} (the head trains fastest); 1 = same lr,
 *     and the only ratio a phase with one learning rate per group may have
 * @param momentum momentum or β1, or null for the optimizer's default ({@link OptimizerKind#defaultMomentum})
 * @param weightDecay weight decay schedule (default 0)
 * @param data name of the dataset this phase trains on; the learner maps names to datasets
 * @param switchPolicy what to do with optimizer state when this phase's optimizer differs from the previous one
 * @param values further named hyper-parameters the trainer reads off the schedule (a GAN's fade-in
 *     {@code fadeIn}, say), each scheduled over the phase like lr; empty by default
 */
public record TrainingPhase(
        PhaseLength length,
        OptimizerKind optimizer,
        OptimizerOptions options,
        List<ScheduledValue> learningRates,
        double groupRatio,
        ScheduledValue momentum,
        ScheduledValue weightDecay,
        String data,
        OptimizerSwitchPolicy switchPolicy,
        Map<String, ScheduledValue> values) {

    /** The dataset key of phases that do not name one. */
    public static final String DEFAULT_DATA = "default";

    private static final Pattern NAMED_VALUE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,31}");

    public TrainingPhase {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(weightDecay, "weightDecay");
        Objects.requireNonNull(switchPolicy, "switchPolicy");
        learningRates = List.copyOf(learningRates);
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        for (String name : values.keySet()) {
            if (!NAMED_VALUE.matcher(name).matches()) {
                throw new InvalidInputException("a phase value name must be letters and digits starting with a letter"
                        + " (at most 32), got '" + name + "'");
            }
        }
        GroupLearningRates.requireRatio(groupRatio);
        GroupLearningRates.requireOneSpread(learningRates.size() > 1, groupRatio);
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("a phase's data key must not be blank");
        }
    }

    /** A phase of {@code epochs} epochs (fractions allowed), SGD, no learning rate yet. */
    public static TrainingPhase epochs(double epochs) {
        return of(new PhaseLength.Epochs(epochs));
    }

    /** A phase of exactly {@code iterations} batches, SGD, no learning rate yet. */
    public static TrainingPhase iterations(long iterations) {
        return of(new PhaseLength.Iterations(iterations));
    }

    /** A phase of the given length with every other setting at its default. */
    public static TrainingPhase of(PhaseLength length) {
        return new TrainingPhase(length, OptimizerKind.SGD, OptimizerOptions.DEFAULTS, List.of(), 1.0, null,
                ScheduledValue.constant(0), DEFAULT_DATA, OptimizerSwitchPolicy.KEEP_COMPATIBLE, Map.of());
    }

    public TrainingPhase length(PhaseLength value) {
        return new TrainingPhase(value, optimizer, options, learningRates, groupRatio, momentum, weightDecay, data, switchPolicy, values);
    }

    public TrainingPhase optimizer(OptimizerKind value) {
        return new TrainingPhase(length, value, options, learningRates, groupRatio, momentum, weightDecay, data, switchPolicy, values);
    }

    public TrainingPhase options(OptimizerOptions value) {
        return new TrainingPhase(length, optimizer, value, learningRates, groupRatio, momentum, weightDecay, data, switchPolicy, values);
    }

    /** SGD: use Nesterov momentum. */
    public TrainingPhase nesterov(boolean value) {
        return options(options.withNesterov(value));
    }

    /** Adam/AdamW: β2. */
    public TrainingPhase beta2(double value) {
        return options(options.withBeta2(value));
    }

    /** Adam/AdamW/RMSProp: the denominator's epsilon. */
    public TrainingPhase eps(double value) {
        return options(options.withEps(value));
    }

    /** RMSProp: decay of the squared-gradient average. */
    public TrainingPhase alpha(double value) {
        return options(options.withAlpha(value));
    }

    /** The same learning-rate schedule for every layer group (scaled by {@link #groupRatio}). */
    public TrainingPhase lr(ScheduledValue value) {
        return learningRates(List.of(value));
    }

    /** A constant learning rate. */
    public TrainingPhase lr(double value) {
        return lr(ScheduledValue.constant(value));
    }

    /** A learning rate decaying from {@code start} to 0. */
    public TrainingPhase lr(double start, DecayType decay) {
        return lr(ScheduledValue.decaying(start, decay));
    }

    /** A learning rate moving from {@code start} to {@code end}. */
    public TrainingPhase lr(double start, double end, DecayType decay) {
        return lr(ScheduledValue.of(start, end, decay));
    }

    /** One constant learning rate per layer group, first layers first. */
    public TrainingPhase lrs(double... perGroup) {
        return learningRates(Arrays.stream(perGroup).mapToObj(ScheduledValue::constant).toList());
    }

    /** One learning-rate schedule per layer group, all with the same decay shape. */
    public TrainingPhase lrs(double[] starts, double[] ends, DecayType decay) {
        if (starts.length != ends.length) {
            throw new InvalidInputException("lr start has " + starts.length + " values but lr end has " + ends.length);
        }
        List<ScheduledValue> values = new ArrayList<>();
        for (int g = 0; g < starts.length; g++) {
            values.add(ScheduledValue.of(starts[g], ends[g], decay));
        }
        return learningRates(values);
    }

    /** One learning-rate schedule per layer group (or a single one for all). */
    public TrainingPhase learningRates(List<ScheduledValue> value) {
        if (value.isEmpty()) {
            throw new InvalidInputException("a phase needs at least one learning rate");
        }
        return new TrainingPhase(length, optimizer, options, value, groupRatio, momentum, weightDecay, data, switchPolicy, values);
    }

    /** See the {@code groupRatio} component. */
    public TrainingPhase groupRatio(double value) {
        return new TrainingPhase(length, optimizer, options, learningRates, value, momentum, weightDecay, data, switchPolicy, values);
    }

    /** Momentum (β1 for Adam types) schedule. */
    public TrainingPhase momentum(ScheduledValue value) {
        return new TrainingPhase(length, optimizer, options, learningRates, groupRatio, value, weightDecay, data, switchPolicy, values);
    }

    public TrainingPhase momentum(double value) {
        return momentum(ScheduledValue.constant(value));
    }

    public TrainingPhase momentum(double start, DecayType decay) {
        return momentum(ScheduledValue.decaying(start, decay));
    }

    public TrainingPhase momentum(double start, double end, DecayType decay) {
        return momentum(ScheduledValue.of(start, end, decay));
    }

    /** Weight-decay schedule. */
    public TrainingPhase weightDecay(ScheduledValue value) {
        return new TrainingPhase(length, optimizer, options, learningRates, groupRatio, momentum, value, data, switchPolicy, values);
    }

    public TrainingPhase weightDecay(double value) {
        return weightDecay(ScheduledValue.constant(value));
    }

    public TrainingPhase weightDecay(double start, DecayType decay) {
        return weightDecay(ScheduledValue.decaying(start, decay));
    }

    public TrainingPhase weightDecay(double start, double end, DecayType decay) {
        return weightDecay(ScheduledValue.of(start, end, decay));
    }

    /** Train this phase on the dataset named {@code key} (e.g. {@code "14px"} then {@code "28px"}). */
    public TrainingPhase data(String key) {
        return new TrainingPhase(length, optimizer, options, learningRates, groupRatio, momentum, weightDecay, key, switchPolicy, values);
    }

    public TrainingPhase switchPolicy(OptimizerSwitchPolicy value) {
        return new TrainingPhase(length, optimizer, options, learningRates, groupRatio, momentum, weightDecay, data, value, values);
    }

    /**
     * This phase with the named hyper-parameter {@code name} scheduled as {@code value} (replacing an
     * earlier one of that name); the trainer reads it with {@link TrainingSchedule#namedValueAt}.
     */
    public TrainingPhase value(String name, ScheduledValue value) {
        Objects.requireNonNull(value, "value");
        Map<String, ScheduledValue> next = new TreeMap<>(values);
        next.put(name, value);
        return new TrainingPhase(length, optimizer, options, learningRates, groupRatio, momentum, weightDecay, data,
                switchPolicy, next);
    }

    /**
     * This phase, once it passes the checks that need neither a model nor data: learning rates and weight
     * decay not negative, momentum (β1) in [0, 1), a length within the iteration limit. The fluent methods
     * leave these to {@link TrainingSchedule#compile}; a caller that wants them reported where the phase is
     * made, before any data is loaded, asks here.
     *
     * @throws InvalidInputException naming every problem, in one line
     */
    public TrainingPhase checked() {
        List<String> problems = PhaseChecks.problems(this);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join("; ", problems));
        }
        return this;
    }

    /** The momentum schedule this phase trains with: the one set, or the optimizer's default. */
    public ScheduledValue effectiveMomentum() {
        return momentum != null ? momentum : ScheduledValue.constant(optimizer.defaultMomentum());
    }

    /** A short label for plots and logs, e.g. {@code sgd(nesterov)} or {@code adam}. */
    public String optimizerLabel() {
        return optimizer == OptimizerKind.SGD && options.nesterov() ? "sgd(nesterov)" : optimizer.label();
    }

    /** One line describing the phase, e.g. {@code 1 epoch sgd lr 0.01 -> 0 (cosine) momentum 0.9}. */
    public String describe() {
        StringJoiner j = new StringJoiner(" ");
        j.add(length.toString()).add(optimizerLabel());
        if (!DEFAULT_DATA.equals(data)) {
            j.add("on '" + data + "'");
        }
        j.add("lr").add(learningRates.isEmpty() ? "(unset)" : learningRates.size() == 1
                ? learningRates.get(0).toString() : learningRates.toString());
        if (groupRatio != 1) {
            j.add("ratio " + ScheduledValue.format(groupRatio));
        }
        j.add(optimizer.isAdamType() ? "beta1" : "momentum").add(effectiveMomentum().toString());
        if (!(weightDecay.isConstant() && weightDecay.start() == 0)) {
            j.add("wd").add(weightDecay.toString());
        }
        values.forEach((name, v) -> j.add(name).add(v.toString()));
        return j.toString();
    }
}
