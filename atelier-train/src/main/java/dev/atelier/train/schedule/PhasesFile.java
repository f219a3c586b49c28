package dev.atelier.train.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.optim.OptimizerOptions;
import dev.atelier.train.optim.OptimizerSwitchPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
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
 * each, prefixed by where it is ({@code phases[2].lrDecay: unknown decay 'cosin' ...}).
 *
 * @param phases the phases, in order
 * @param iterationsPerEpoch batches per epoch for each data key, as written in the file (may be empty)
 * @param declaredLayerGroups the file's {@code layerGroups}, if given
 */
public record PhasesFile(List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch,
        OptionalInt declaredLayerGroups) {

    /** Key of {@link #iterationsPerEpoch} that a plain number in the file is stored under: every dataset. */
    public static final String ANY_DATA = "*";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // a key given twice is a mistake in a hand-written file, never "the last one wins"
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** A phase list is a few kilobytes; anything far larger is not one (and would be read into memory). */
    private static final long MAX_FILE_BYTES = 16L << 20;
    private static final Set<String> TOP = Set.of("iterationsPerEpoch", "layerGroups", "phases", "oneCycle", "sgdr",
            "stepwise", "description");
    private static final Set<String> PHASE = Set.of("epochs", "iterations", "optimizer", "nesterov", "beta2", "eps",
            "alpha", "lr", "lrEnd", "lrDecay", "groupRatio", "momentum", "momentumEnd", "momentumDecay", "wd",
            "wdEnd", "wdDecay", "data", "switchPolicy", "values");

    public PhasesFile {
        phases = List.copyOf(phases);
        iterationsPerEpoch = Map.copyOf(iterationsPerEpoch);
    }

    /** Reads and validates {@code file}. */
    public static PhasesFile read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a folder, not a phases file");
        }
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw new InvalidInputException(file + " is " + Files.size(file) + " bytes: too large for a phases file"
                    + " (at most " + MAX_FILE_BYTES + ")");
        }
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + " is too large for a phases file (more than " + MAX_FILE_BYTES
                        + " bytes)");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not a text file (not valid UTF-8); a phases file is JSON,"
                    + " see docs/training-phases.md");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidInputException(file + " is not a text file (it holds NUL bytes); a phases file is JSON,"
                    + " see docs/training-phases.md");
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * Parses and validates JSON text.
     *
     * @param source name used to prefix error messages (usually the file name)
     * @throws InvalidInputException listing every problem, one per line
     */
    public static PhasesFile parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        Problems problems = new Problems(source);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": expected a JSON object with \"phases\"");
        }
        unknownFields(root, TOP, "", problems);
        Map<String, Long> perEpoch = readIterationsPerEpoch(root.get("iterationsPerEpoch"), problems);
        OptionalInt groups = OptionalInt.empty();
        if (root.has("layerGroups")) {
            JsonNode g = root.get("layerGroups");
            if (g.canConvertToInt() && g.isIntegralNumber() && g.asInt() >= 1) {
                groups = OptionalInt.of(g.asInt());
            } else {
                problems.add("layerGroups", "must be a positive integer, got " + g);
            }
        }
        List<String> given = new ArrayList<>();
        for (String k : List.of("phases", "oneCycle", "sgdr", "stepwise")) {
            if (root.has(k)) {
                given.add(k);
            }
        }
        List<TrainingPhase> phases = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (given.size() != 1) {
            problems.add("", given.isEmpty() ? "no phases: give \"phases\", \"oneCycle\", \"sgdr\" or \"stepwise\""
                    : "give only one of " + String.join(", ", given));
        } else {
            switch (given.get(0)) {
                case "phases" -> readPhases(root.get("phases"), phases, paths, problems);
                case "oneCycle" -> readOneCycle(root.get("oneCycle"), phases, problems);
                case "sgdr" -> readSgdr(root.get("sgdr"), phases, problems);
                default -> readStepwise(root.get("stepwise"), phases, problems);
            }
            while (paths.size() < phases.size()) {
                paths.add(given.get(0)); // a named schedule's phases are reported under its name
            }
        }
        checkGroups(phases, paths, groups, problems);
        problems.throwIfAny();
        return new PhasesFile(phases, perEpoch, groups);
    }

    /** The file's {@code layerGroups}, else the length of its longest lr array, else 1. */
    public int layerGroups() {
        return declaredLayerGroups.orElseGet(
                () -> phases.stream().mapToInt(p -> p.learningRates().size()).max().orElse(1));
    }

    /**
     * Batches per epoch for each data key: {@code override} for every key if given, else the file's
     * {@code iterationsPerEpoch} (a plain number there applies to every key); a key with neither fails
     * with a clear message.
     */
    public ToLongFunction<String> batchesPerEpoch(Long override) {
        return key -> {
            if (override != null) {
                return override;
            }
            Long n = iterationsPerEpoch.getOrDefault(key, iterationsPerEpoch.get(ANY_DATA));
            if (n == null) {
                throw new InvalidInputException("no iterationsPerEpoch for data '" + key
                        + "': add it to the file or give the number of batches per epoch");
            }
            return n;
        };
    }

    /** Compiles for plotting or previewing, with the file's own epoch lengths and layer groups. */
    public TrainingSchedule compile(Long iterationsPerEpochOverride) {
        return TrainingSchedule.compile(phases, batchesPerEpoch(iterationsPerEpochOverride), layerGroups());
    }

    /** Writes {@code phases} as an explicit phase list (atomically), readable by {@link #read}. */
    public static void write(Path file, List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch)
            throws IOException {
        AtomicFiles.write(file, toJson(phases, iterationsPerEpoch).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text of an explicit phase list. */
    public static String toJson(List<TrainingPhase> phases, Map<String, Long> iterationsPerEpoch) {
        ObjectNode root = JSON.createObjectNode();
        if (iterationsPerEpoch.size() == 1 && iterationsPerEpoch.containsKey(ANY_DATA)) {
            root.put("iterationsPerEpoch", iterationsPerEpoch.get(ANY_DATA));
        } else if (!iterationsPerEpoch.isEmpty()) {
            ObjectNode ipe = root.putObject("iterationsPerEpoch");
            iterationsPerEpoch.forEach(ipe::put);
        }
        ArrayNode list = root.putArray("phases");
        for (TrainingPhase p : phases) {
            ObjectNode o = list.addObject();
            if (p.length() instanceof PhaseLength.Epochs e) {
                o.put("epochs", e.count());
            } else {
                o.put("iterations", ((PhaseLength.Iterations) p.length()).count());
            }
            o.put("optimizer", p.optimizer().label());
            OptimizerOptions opt = p.options();
            if (opt.nesterov()) {
                o.put("nesterov", true);
            }
            if (opt.beta2() != OptimizerOptions.DEFAULTS.beta2()) {
                o.put("beta2", opt.beta2());
            }
            if (opt.eps() != OptimizerOptions.DEFAULTS.eps()) {
                o.put("eps", opt.eps());
            }
            if (opt.alpha() != OptimizerOptions.DEFAULTS.alpha()) {
                o.put("alpha", opt.alpha());
            }
            writeLearningRates(o, p.learningRates());
            if (p.groupRatio() != 1) {
                o.put("groupRatio", p.groupRatio());
            }
            if (p.momentum() != null) {
                writeScheduled(o, "momentum", p.momentum());
            }
            if (!(p.weightDecay().isConstant() && p.weightDecay().start() == 0)) {
                writeScheduled(o, "wd", p.weightDecay());
            }
            if (!TrainingPhase.DEFAULT_DATA.equals(p.data())) {
                o.put("data", p.data());
            }
            if (p.switchPolicy() != OptimizerSwitchPolicy.KEEP_COMPATIBLE) {
                o.put("switchPolicy", p.switchPolicy().label());
            }
            if (!p.values().isEmpty()) {
                ObjectNode values = o.putObject("values");
                p.values().forEach((name, v) -> {
                    ObjectNode one = values.putObject(name);
                    one.put("start", v.start());
                    if (!(v.decay() instanceof DecayType.None)) {
                        one.put("end", v.end());
                        one.put("decay", v.decay().label());
                    }
                });
            }
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeLearningRates(ObjectNode o, List<ScheduledValue> lrs) {
        if (lrs.size() == 1) {
            writeScheduled(o, "lr", lrs.get(0));
            return;
        }
        ArrayNode start = o.putArray("lr");
        ArrayNode end = JSON.createArrayNode();
        DecayType decay = lrs.get(0).decay();
        for (ScheduledValue v : lrs) {
            if (!v.decay().equals(decay)) {
                throw new IllegalArgumentException("per-group learning rates with different decays cannot be written");
            }
            start.add(v.start());
            end.add(v.end());
        }
        if (!(decay instanceof DecayType.None)) {
            o.set("lrEnd", end);
            o.put("lrDecay", decay.label());
        }
    }

    private static void writeScheduled(ObjectNode o, String name, ScheduledValue v) {
        o.put(name, v.start());
        if (!(v.decay() instanceof DecayType.None)) {
            o.put(name + "End", v.end());
            o.put(name + "Decay", v.decay().label());
        }
    }

    private static Map<String, Long> readIterationsPerEpoch(JsonNode node, Problems problems) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (node.isNumber()) {
            Long n = positiveLong(node, "iterationsPerEpoch", problems);
            if (n != null) {
                out.put(ANY_DATA, n);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Long n = positiveLong(e.getValue(), "iterationsPerEpoch." + e.getKey(), problems);
                if (n != null) {
                    out.put(e.getKey(), n);
                }
            }
        } else {
            problems.add("iterationsPerEpoch", "must be a number or an object of numbers per data key");
        }
        return out;
    }

    private static void readPhases(JsonNode node, List<TrainingPhase> out, List<String> paths, Problems problems) {
        if (!node.isArray() || node.isEmpty()) {
            problems.add("phases", "must be a non-empty array of phase objects");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "phases[" + i + "]";
            int before = problems.count();
            TrainingPhase p = readPhase(node.get(i), path, problems);
            if (p != null && problems.count() == before) {
                out.add(p);
                paths.add(path);
            }
        }
    }

    private static TrainingPhase readPhase(JsonNode o, String path, Problems problems) {
        if (!o.isObject()) {
            problems.add(path, "must be an object");
            return null;
        }
        unknownFields(o, PHASE, path + ".", problems);
        TrainingPhase p = null;
        boolean hasEpochs = o.has("epochs");
        boolean hasIterations = o.has("iterations");
        if (hasEpochs == hasIterations) {
            problems.add(path, "give exactly one of \"epochs\" and \"iterations\"");
            return null;
        }
        try {
            if (hasEpochs) {
                Double e = number(o.get("epochs"), path + ".epochs", problems);
                if (e == null) {
                    return null;
                }
                p = TrainingPhase.epochs(e);
            } else {
                JsonNode it = o.get("iterations");
                if (!it.isIntegralNumber()) {
                    problems.add(path + ".iterations", "must be a whole number, got " + it);
                    return null;
                }
                p = TrainingPhase.iterations(it.asLong());
            }
        } catch (InvalidInputException e) {
            problems.add(path + (hasEpochs ? ".epochs" : ".iterations"), e.getMessage());
            return null;
        }
        p = attempt(p, path + ".optimizer", o.has("optimizer"), q -> q.optimizer(OptimizerKind.parse(text(o.get("optimizer")))), problems);
        p = attempt(p, path + ".nesterov", o.has("nesterov"), q -> q.nesterov(bool(o.get("nesterov"))), problems);
        p = attempt(p, path + ".beta2", o.has("beta2"), q -> q.beta2(num(o.get("beta2"))), problems);
        p = attempt(p, path + ".eps", o.has("eps"), q -> q.eps(num(o.get("eps"))), problems);
        p = attempt(p, path + ".alpha", o.has("alpha"), q -> q.alpha(num(o.get("alpha"))), problems);
        if (!o.has("lr")) {
            problems.add(path, "no \"lr\" given");
        } else {
            p = attempt(p, path + ".lr", true, q -> q.learningRates(learningRates(o)), problems);
        }
        p = attempt(p, path + ".groupRatio", o.has("groupRatio"), q -> q.groupRatio(num(o.get("groupRatio"))), problems);
        p = attempt(p, path + ".momentum", o.has("momentum"), q -> q.momentum(scheduled(o, "momentum")), problems);
        p = attempt(p, path + ".wd", o.has("wd"), q -> q.weightDecay(scheduled(o, "wd")), problems);
        p = attempt(p, path + ".data", o.has("data"), q -> q.data(text(o.get("data"))), problems);
        if (o.has("values")) {
            p = readValues(p, o.get("values"), path + ".values", problems);
        }
        p = attempt(p, path + ".switchPolicy", o.has("switchPolicy"),
                q -> q.switchPolicy(OptimizerSwitchPolicy.parse(text(o.get("switchPolicy")))), problems);
        for (String orphan : List.of("lr", "momentum", "wd")) {
            if (!o.has(orphan) && (o.has(orphan + "End") || o.has(orphan + "Decay"))) {
                problems.add(path + "." + orphan, orphan + "End/" + orphan + "Decay given without \"" + orphan + "\"");
            }
        }
        // ranges that compile() would otherwise report one per run (negative lr, momentum 1.5, ...)
        for (String problem : PhaseChecks.problems(p)) {
            problems.add(path, problem);
        }
        return p;
    }

    /**
     * A phase's named values: {@code "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"},
     * "other": 0.5}}; a plain number is constant, an object without end/decay too.
     */
    private static TrainingPhase readValues(TrainingPhase p, JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object of named values");
            return p;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (!checkObject(v, where, Set.of("start", "end", "decay"), problems)) {
                    continue;
                }
                if (!v.has("start")) {
                    problems.add(where, "no \"start\" given");
                    continue;
                }
                p = attempt(p, where, true, q -> q.value(e.getKey(), scheduled(num(v.get("start")),
                        v.has("end") ? num(v.get("end")) : null,
                        v.has("decay") ? DecayType.parse(text(v.get("decay"))) : v.has("end")
                                ? failDecay() : DecayType.NONE)), problems);
            } else {
                p = attempt(p, where, true, q -> q.value(e.getKey(), ScheduledValue.constant(num(v))), problems);
            }
        }
        return p;
    }

    private static DecayType failDecay() {
        throw new InvalidInputException("\"end\" needs \"decay\" (linear, cosine, exponential, polynomial(p))");
    }

    private interface PhaseEdit {
        TrainingPhase apply(TrainingPhase p);
    }

    private static TrainingPhase attempt(TrainingPhase p, String path, boolean present, PhaseEdit edit, Problems problems) {
        if (!present) {
            return p;
        }
        try {
            return edit.apply(p);
        } catch (InvalidInputException e) {
            problems.add(path, e.getMessage());
            return p;
        }
    }

    private static List<ScheduledValue> learningRates(JsonNode o) {
        JsonNode lr = o.get("lr");
        JsonNode end = o.get("lrEnd");
        DecayType decay = decay(o, "lr", end != null);
        if (!lr.isArray()) {
            return List.of(scheduled(num(lr), end == null ? null : num(end), decay));
        }
        if (lr.isEmpty()) {
            throw new InvalidInputException("lr array must not be empty");
        }
        if (end != null && end.isArray() && end.size() != lr.size()) {
            throw new InvalidInputException("lr has " + lr.size() + " values but lrEnd has " + end.size());
        }
        List<ScheduledValue> out = new ArrayList<>();
        for (int g = 0; g < lr.size(); g++) {
            Double e = end == null ? null : num(end.isArray() ? end.get(g) : end);
            out.add(scheduled(num(lr.get(g)), e, decay));
        }
        return out;
    }

    private static ScheduledValue scheduled(JsonNode o, String name) {
        JsonNode v = o.get(name);
        JsonNode end = o.get(name + "End");
        return scheduled(num(v), end == null ? null : num(end), decay(o, name, end != null));
    }

    private static DecayType decay(JsonNode o, String name, boolean hasEnd) {
        JsonNode d = o.get(name + "Decay");
        if (d == null) {
            if (hasEnd) {
                throw new InvalidInputException(name + "End needs " + name + "Decay (linear, cosine, exponential, polynomial(p))");
            }
            return DecayType.NONE;
        }
        return DecayType.parse(text(d));
    }

    private static ScheduledValue scheduled(double start, Double end, DecayType decay) {
        if (decay instanceof DecayType.None) {
            return ScheduledValue.constant(start);
        }
        return end == null ? ScheduledValue.decaying(start, decay) : ScheduledValue.of(start, end, decay);
    }

    private static void readOneCycle(JsonNode o, List<TrainingPhase> out, Problems problems) {
        String path = "oneCycle";
        if (!checkObject(o, path, Set.of("lr", "epochs", "div", "pct", "maxMomentum", "minMomentum", "optimizer", "wd",
                "groupRatio"), problems)) {
            return;
        }
        double[] lrs = learningRateOrPerGroup(o, path, problems);
        Double epochs = required(o, "epochs", path, problems);
        double div = optional(o, "div", ScheduleSpec.Defaults.ONE_CYCLE_DIV, path, problems);
        double pct = optional(o, "pct", ScheduleSpec.Defaults.ONE_CYCLE_PCT, path, problems);
        double maxMom = optional(o, "maxMomentum", ScheduleSpec.Defaults.ONE_CYCLE_MAX_MOMENTUM, path, problems);
        double minMom = optional(o, "minMomentum", ScheduleSpec.Defaults.ONE_CYCLE_MIN_MOMENTUM, path, problems);
        double wd = optional(o, "wd", 0, path, problems);
        OptimizerKind kind = optimizer(o, path, problems);
        GroupLearningRates groups = groups(o, lrs, path, problems);
        if (lrs == null || epochs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, new ScheduleSpec.OneCycle(groups.headLr(lrs[0]), epochs, div, pct, maxMom, minMom,
                kind, wd, groups));
    }

    private static void readSgdr(JsonNode o, List<TrainingPhase> out, Problems problems) {
        String path = "sgdr";
        if (!checkObject(o, path, Set.of("lr", "cycles", "cycleLen", "cycleMult", "optimizer", "momentum", "wd",
                "groupRatio"), problems)) {
            return;
        }
        double[] lrs = learningRateOrPerGroup(o, path, problems);
        double cycles = optional(o, "cycles", ScheduleSpec.Defaults.SGDR_CYCLES, path, problems);
        double cycleLen = optional(o, "cycleLen", ScheduleSpec.Defaults.SGDR_CYCLE_LEN, path, problems);
        double cycleMult = optional(o, "cycleMult", ScheduleSpec.Defaults.SGDR_CYCLE_MULT, path, problems);
        Double momentum = o.has("momentum") ? number(o.get("momentum"), path + ".momentum", problems) : null;
        double wd = optional(o, "wd", 0, path, problems);
        OptimizerKind kind = optimizer(o, path, problems);
        GroupLearningRates groups = groups(o, lrs, path, problems);
        if (cycles != Math.rint(cycles) || cycles < 1 || cycles > ScheduleSpec.Defaults.MAX_CYCLES) {
            problems.add(path + ".cycles", "must be a whole number from 1 to " + ScheduleSpec.Defaults.MAX_CYCLES
                    + ", got " + ScheduledValue.format(cycles));
            return;
        }
        if (lrs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, new ScheduleSpec.Sgdr(groups.headLr(lrs[0]), (int) cycles, cycleLen, cycleMult,
                kind, momentum, wd, groups));
    }

    private static void readStepwise(JsonNode o, List<TrainingPhase> out, Problems problems) {
        String path = "stepwise";
        if (!checkObject(o, path, Set.of("epochs", "lr", "optimizer", "momentum", "wd", "groupRatio", "groupLrs"),
                problems)) {
            return;
        }
        double[] epochs = numbers(o.get("epochs"), path + ".epochs", problems);
        double[] lrs = numbers(o.get("lr"), path + ".lr", problems);
        Double momentum = o.has("momentum") ? number(o.get("momentum"), path + ".momentum", problems) : null;
        double wd = optional(o, "wd", 0, path, problems);
        OptimizerKind kind = optimizer(o, path, problems);
        double[] groupLrs = o.has("groupLrs") ? numbers(o.get("groupLrs"), path + ".groupLrs", problems) : new double[0];
        GroupLearningRates groups = groupLrs == null ? null : groups(o, groupLrs, path, problems);
        if (epochs == null || lrs == null || kind == null || groups == null) {
            return;
        }
        build(path, problems, out, new ScheduleSpec.Stepwise(epochs, lrs, kind, momentum, wd, groups));
    }

    /** {@code lr}: one number, or one per layer group (the head's last). */
    private static double[] learningRateOrPerGroup(JsonNode o, String path, Problems problems) {
        if (!o.has("lr")) {
            problems.add(path, "no \"lr\" given");
            return null;
        }
        if (o.get("lr").isArray()) {
            return numbers(o.get("lr"), path + ".lr", problems);
        }
        Double lr = number(o.get("lr"), path + ".lr", problems);
        return lr == null ? null : new double[] {lr};
    }

    private static OptimizerKind optimizer(JsonNode o, String path, Problems problems) {
        if (!o.has("optimizer")) {
            return OptimizerKind.SGD;
        }
        try {
            return OptimizerKind.parse(text(o.get("optimizer")));
        } catch (InvalidInputException e) {
            problems.add(path + ".optimizer", e.getMessage());
            return null;
        }
    }

    /** Per-group rates ({@code perGroup} with more than one value) or {@code groupRatio}, not both. */
    private static GroupLearningRates groups(JsonNode o, double[] perGroup, String path, Problems problems) {
        try {
            if (o.has("groupRatio")) {
                Double ratio = number(o.get("groupRatio"), path + ".groupRatio", problems);
                if (ratio == null) {
                    return null;
                }
                if (perGroup != null && perGroup.length > 1) {
                    problems.add(path, "give either one lr per layer group or a groupRatio, not both");
                    return null;
                }
                return GroupLearningRates.ratio(ratio);
            }
            return perGroup == null ? GroupLearningRates.SAME : GroupLearningRates.peaks(perGroup);
        } catch (InvalidInputException e) {
            problems.add(path, e.getMessage());
            return null;
        }
    }

    private static void build(String path, Problems problems, List<TrainingPhase> out, ScheduleSpec spec) {
        try {
            Set<String> seen = new java.util.LinkedHashSet<>();
            for (TrainingPhase p : spec.toPhases()) {
                seen.addAll(PhaseChecks.problems(p));
                out.add(p);
            }
            seen.forEach(problem -> problems.add(path, problem));
        } catch (InvalidInputException e) {
            problems.add(path, e.getMessage());
        }
    }

    private static boolean checkObject(JsonNode o, String path, Set<String> allowed, Problems problems) {
        if (!o.isObject()) {
            problems.add(path, "must be an object");
            return false;
        }
        unknownFields(o, allowed, path + ".", problems);
        return true;
    }

    private static Double required(JsonNode o, String name, String path, Problems problems) {
        if (!o.has(name)) {
            problems.add(path, "no \"" + name + "\" given");
            return null;
        }
        return number(o.get(name), path + "." + name, problems);
    }

    private static double optional(JsonNode o, String name, double fallback, String path, Problems problems) {
        if (!o.has(name)) {
            return fallback;
        }
        Double v = number(o.get(name), path + "." + name, problems);
        return v == null ? fallback : v;
    }

    private static double[] numbers(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(path, "must be a non-empty array of numbers");
            return null;
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = number(node.get(i), path + "[" + i + "]", problems);
            if (v == null) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private static void checkGroups(List<TrainingPhase> phases, List<String> paths, OptionalInt declared,
            Problems problems) {
        int groups = declared.orElse(0);
        String source = "layerGroups is";
        for (int i = 0; i < phases.size(); i++) {
            int n = phases.get(i).learningRates().size();
            if (n <= 1) {
                continue;
            }
            if (groups == 0) {
                groups = n;
                source = paths.get(i) + ".lr has";
            } else if (n != groups) {
                problems.add(paths.get(i) + ".lr", "has " + n + " values but " + source + " " + groups
                        + " (one lr per layer group, or a single lr for all)");
            }
        }
    }

    private static void unknownFields(JsonNode o, Set<String> allowed, String prefix, Problems problems) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problems.add(prefix + f, "unknown field (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Double number(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isNumber()) {
            problems.add(path, "must be a number, got " + node);
            return null;
        }
        return node.asDouble();
    }

    private static Long positiveLong(JsonNode node, String path, Problems problems) {
        if (!node.isIntegralNumber() || node.asLong() <= 0) {
            problems.add(path, "must be a positive whole number, got " + node);
            return null;
        }
        return node.asLong();
    }

    private static double num(JsonNode node) {
        if (node == null || !node.isNumber()) {
            throw new InvalidInputException("must be a number, got " + node);
        }
        return node.asDouble();
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidInputException("must be a string, got " + node);
        }
        return node.asText();
    }

    private static boolean bool(JsonNode node) {
        if (!node.isBoolean()) {
            throw new InvalidInputException("must be true or false, got " + node);
        }
        return node.asBoolean();
    }

    /** Collects problems so the user sees all of them at once. */
    private static final class Problems {
        private final String source;
        private final List<String> lines = new ArrayList<>();

        Problems(String source) {
            this.source = source;
        }

        void add(String path, String message) {
            lines.add(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
        }

        int count() {
            return lines.size();
        }

        void throwIfAny() {
            if (!lines.isEmpty()) {
                throw new InvalidInputException(String.join(System.lineSeparator(), lines));
            }
        }
    }
}
