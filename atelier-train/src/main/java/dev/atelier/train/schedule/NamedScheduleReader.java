package dev.atelier.train.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.train.optim.OptimizerKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The named schedules a phases file may give instead of explicit phases: {@code oneCycle}, {@code sgdr}
 * and {@code stepwise}, each read into its {@link ScheduleSpec} (a field left out takes its value from
 * {@link ScheduleSpec.Defaults}) and turned into phases there. The spec checks the values; what it
 * refuses is reported at the field it names ({@code sgdr.cycles: ...}).
 */
final class NamedScheduleReader {
    /** The top-level fields that name a schedule. */
    static final List<String> NAMES = List.of("oneCycle", "sgdr", "stepwise");

    private NamedScheduleReader() {}

    /** Adds the phases of the schedule {@code name} (one of {@link #NAMES}), whose object is {@code o}, to {@code out}. */
    static void read(String name, JsonNode o, List<TrainingPhase> out, FileProblems problems) {
        switch (name) {
            case "oneCycle" -> oneCycle(o, out, problems);
            case "sgdr" -> sgdr(o, out, problems);
            default -> stepwise(o, out, problems);
        }
    }

    private static void oneCycle(JsonNode o, List<TrainingPhase> out, FileProblems problems) {
        String path = "oneCycle";
        if (!problems.checkObject(o, path, Set.of("lr", "epochs", "div", "pct", "maxMomentum", "minMomentum",
                "optimizer", "wd", "groupRatio"))) {
            return;
        }
        double[] lrs = learningRateOrPerGroup(o, path, problems);
        Double epochs = problems.required(o, "epochs", path);
        double div = problems.optional(o, "div", ScheduleSpec.Defaults.ONE_CYCLE_DIV, path);
        double pct = problems.optional(o, "pct", ScheduleSpec.Defaults.ONE_CYCLE_PCT, path);
        double maxMom = problems.optional(o, "maxMomentum", ScheduleSpec.Defaults.ONE_CYCLE_MAX_MOMENTUM, path);
        double minMom = problems.optional(o, "minMomentum", ScheduleSpec.Defaults.ONE_CYCLE_MIN_MOMENTUM, path);
        double wd = problems.optional(o, "wd", 0, path);
        OptimizerKind kind = optimizer(o, path, problems);
        GroupLearningRates groups = groups(o, lrs, "lr", path, problems);
        if (lrs == null || epochs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, () -> new ScheduleSpec.OneCycle(groups.headLr(lrs[0]), epochs, div, pct, maxMom,
                minMom, kind, wd, groups));
    }

    private static void sgdr(JsonNode o, List<TrainingPhase> out, FileProblems problems) {
        String path = "sgdr";
        if (!problems.checkObject(o, path, Set.of("lr", "cycles", "cycleLen", "cycleMult", "optimizer", "momentum",
                "wd", "groupRatio"))) {
            return;
        }
        double[] lrs = learningRateOrPerGroup(o, path, problems);
        double requestedCycles = problems.optional(o, "cycles", ScheduleSpec.Defaults.SGDR_CYCLES, path);
        double cycleLen = problems.optional(o, "cycleLen", ScheduleSpec.Defaults.SGDR_CYCLE_LEN, path);
        double cycleMult = problems.optional(o, "cycleMult", ScheduleSpec.Defaults.SGDR_CYCLE_MULT, path);
        Double momentum = o.has("momentum") ? problems.number(o.get("momentum"), path + ".momentum") : null;
        double wd = problems.optional(o, "wd", 0, path);
        OptimizerKind kind = optimizer(o, path, problems);
        GroupLearningRates groups = groups(o, lrs, "lr", path, problems);
        int cycles;
        try {
            // read as a number, which may not be whole: the spec's own rule says what a cycle count is
            cycles = ScheduleSpec.Sgdr.cycleCount(requestedCycles);
        } catch (SettingException e) {
            problems.add(path, e);
            return;
        }
        if (lrs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, () -> new ScheduleSpec.Sgdr(groups.headLr(lrs[0]), cycles, cycleLen, cycleMult,
                kind, momentum, wd, groups));
    }

    private static void stepwise(JsonNode o, List<TrainingPhase> out, FileProblems problems) {
        String path = "stepwise";
        if (!problems.checkObject(o, path, Set.of("epochs", "lr", "optimizer", "momentum", "wd", "groupRatio",
                "groupLrs"))) {
            return;
        }
        double[] epochs = problems.numbers(o.get("epochs"), path + ".epochs");
        double[] lrs = problems.numbers(o.get("lr"), path + ".lr");
        Double momentum = o.has("momentum") ? problems.number(o.get("momentum"), path + ".momentum") : null;
        double wd = problems.optional(o, "wd", 0, path);
        OptimizerKind kind = optimizer(o, path, problems);
        double[] groupLrs = o.has("groupLrs") ? problems.numbers(o.get("groupLrs"), path + ".groupLrs") : new double[0];
        GroupLearningRates groups = groupLrs == null ? null : groups(o, groupLrs, "groupLrs", path, problems);
        if (epochs == null || lrs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, () -> new ScheduleSpec.Stepwise(epochs, lrs, kind, momentum, wd, groups));
    }

    /** {@code lr}: one number, or one per layer group (the head's last). */
    private static double[] learningRateOrPerGroup(JsonNode o, String path, FileProblems problems) {
        if (!o.has("lr")) {
            problems.add(path, "no \"lr\" given");
            return null;
        }
        if (o.get("lr").isArray()) {
            return problems.numbers(o.get("lr"), path + ".lr");
        }
        Double lr = problems.number(o.get("lr"), path + ".lr");
        return lr == null ? null : new double[] {lr};
    }

    private static OptimizerKind optimizer(JsonNode o, String path, FileProblems problems) {
        if (!o.has("optimizer")) {
            return OptimizerKind.SGD;
        }
        try {
            return OptimizerKind.parse(PhaseFields.text(o.get("optimizer")));
        } catch (InvalidInputException e) {
            problems.add(path + ".optimizer", e.getMessage());
            return null;
        }
    }

    /**
     * The schedule's group learning rates: {@code perGroup} (read from the field {@code perGroupField},
     * one value meaning none) and {@code groupRatio}, as {@link GroupLearningRates#of} takes them.
     */
    private static GroupLearningRates groups(JsonNode o, double[] perGroup, String perGroupField, String path,
            FileProblems problems) {
        Double ratio = null;
        if (o.has("groupRatio")) {
            ratio = problems.number(o.get("groupRatio"), path + ".groupRatio");
            if (ratio == null) {
                return null;
            }
        }
        try {
            return GroupLearningRates.of(ratio, perGroup == null ? new double[0] : perGroup);
        } catch (SettingException e) {
            String field = e.key().equals("lr") ? perGroupField : PhaseFields.fieldName(e.key());
            problems.add(path + "." + field, e.detail());
            return null;
        }
    }

    /** The spec's phases, each problem of theirs reported once under the schedule's name. */
    private static void build(String path, FileProblems problems, List<TrainingPhase> out, Supplier<ScheduleSpec> spec) {
        try {
            Set<String> seen = new LinkedHashSet<>();
            for (TrainingPhase p : spec.get().toPhases()) {
                seen.addAll(PhaseChecks.problems(p));
                out.add(p);
            }
            seen.forEach(problem -> problems.add(path, problem));
        } catch (InvalidInputException e) {
            problems.add(path, e);
        }
    }
}
