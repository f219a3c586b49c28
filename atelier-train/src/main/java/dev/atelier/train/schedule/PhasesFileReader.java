package dev.atelier.train.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.SettingException;
import dev.atelier.train.optim.OptimizerKind;
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

/**
 * Reads a {@link PhasesFile}: the file's bytes (a bounded size of UTF-8 text), then its JSON, validating
 * everything that needs no model or data and reporting every problem with its location
 * ({@link FileProblems}). Explicit phases are read here; named schedules by {@link NamedScheduleReader}.
 */
final class PhasesFileReader {
    /** A phase list is a few kilobytes; anything far larger is not one (and would be read into memory). */
    private static final long MAX_FILE_BYTES = 16L << 20;
    private static final Set<String> TOP = Set.of("iterationsPerEpoch", "layerGroups", "phases", "oneCycle", "sgdr",
            "stepwise", "description");
    private static final Set<String> PHASE = Set.of("epochs", "iterations", "optimizer", "nesterov", "beta2", "eps",
            "alpha", "lr", "lrEnd", "lrDecay", "groupRatio", "momentum", "momentumEnd", "momentumDecay", "wd",
            "wdEnd", "wdDecay", "data", "switchPolicy", "values");

    private PhasesFileReader() {}

    /** See {@link PhasesFile#read}. */
    static PhasesFile read(Path file) throws IOException {
        // a folder, a device or a pipe is said as such, not read (a device forever) or called missing
        InputFiles.requireRegularFile("phases file", file);
        if (Files.size(file) > MAX_FILE_BYTES) {
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

    /** See {@link PhasesFile#parse}. */
    static PhasesFile parse(String json, String source) {
        JsonNode root;
        try {
            root = PhaseFields.JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        FileProblems problems = new FileProblems(source);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": expected a JSON object with \"phases\"");
        }
        problems.unknownFields(root, TOP, "");
        Map<String, Long> perEpoch = iterationsPerEpoch(root.get("iterationsPerEpoch"), problems);
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
        if (root.has("phases")) {
            given.add("phases");
        }
        for (String name : NamedScheduleReader.NAMES) {
            if (root.has(name)) {
                given.add(name);
            }
        }
        List<TrainingPhase> phases = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (given.size() != 1) {
            problems.add("", given.isEmpty() ? "no phases: give \"phases\", \"oneCycle\", \"sgdr\" or \"stepwise\""
                    : "give only one of " + String.join(", ", given));
        } else {
            String name = given.get(0);
            if (name.equals("phases")) {
                readPhases(root.get("phases"), phases, paths, problems);
            } else {
                NamedScheduleReader.read(name, root.get(name), phases, problems);
            }
            while (paths.size() < phases.size()) {
                paths.add(name); // a named schedule's phases are reported under its name
            }
        }
        checkGroups(phases, paths, groups, problems);
        problems.throwIfAny();
        return new PhasesFile(phases, perEpoch, groups);
    }

    private static Map<String, Long> iterationsPerEpoch(JsonNode node, FileProblems problems) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (node.isNumber()) {
            Long n = problems.positiveLong(node, "iterationsPerEpoch");
            if (n != null) {
                out.put(PhasesFile.ANY_DATA, n);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Long n = problems.positiveLong(e.getValue(), "iterationsPerEpoch." + e.getKey());
                if (n != null) {
                    out.put(e.getKey(), n);
                }
            }
        } else {
            problems.add("iterationsPerEpoch", "must be a number or an object of numbers per data key");
        }
        return out;
    }

    private static void readPhases(JsonNode node, List<TrainingPhase> out, List<String> paths, FileProblems problems) {
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

    private static TrainingPhase readPhase(JsonNode o, String path, FileProblems problems) {
        if (!o.isObject()) {
            problems.add(path, "must be an object");
            return null;
        }
        problems.unknownFields(o, PHASE, path + ".");
        TrainingPhase p = length(o, path, problems);
        if (p == null) {
            return null;
        }
        p = attempt(p, path + ".optimizer", o.has("optimizer"),
                q -> q.optimizer(OptimizerKind.parse(PhaseFields.text(o.get("optimizer")))), problems);
        p = attempt(p, path + ".nesterov", o.has("nesterov"), q -> q.nesterov(PhaseFields.bool(o.get("nesterov"))),
                problems);
        p = attempt(p, path + ".beta2", o.has("beta2"), q -> q.beta2(PhaseFields.number(o.get("beta2"))), problems);
        p = attempt(p, path + ".eps", o.has("eps"), q -> q.eps(PhaseFields.number(o.get("eps"))), problems);
        p = attempt(p, path + ".alpha", o.has("alpha"), q -> q.alpha(PhaseFields.number(o.get("alpha"))), problems);
        if (!o.has("lr")) {
            problems.add(path, "no \"lr\" given");
        } else {
            p = attempt(p, path + ".lr", true, q -> q.learningRates(PhaseFields.readLearningRates(o)), problems);
        }
        p = attempt(p, path + ".groupRatio", o.has("groupRatio"),
                q -> q.groupRatio(PhaseFields.number(o.get("groupRatio"))), problems);
        p = attempt(p, path + ".momentum", o.has("momentum"),
                q -> q.momentum(PhaseFields.readScheduled(o, "momentum")), problems);
        p = attempt(p, path + ".wd", o.has("wd"), q -> q.weightDecay(PhaseFields.readScheduled(o, "wd")), problems);
        p = attempt(p, path + ".data", o.has("data"), q -> q.data(PhaseFields.text(o.get("data"))), problems);
        if (o.has("values")) {
            p = readValues(p, o.get("values"), path + ".values", problems);
        }
        p = attempt(p, path + ".switchPolicy", o.has("switchPolicy"),
                q -> q.switchPolicy(OptimizerSwitchPolicy.parse(PhaseFields.text(o.get("switchPolicy")))), problems);
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

    /** A phase of the object's {@code epochs} or {@code iterations} (exactly one), or null (a problem). */
    private static TrainingPhase length(JsonNode o, String path, FileProblems problems) {
        boolean hasEpochs = o.has("epochs");
        if (hasEpochs == o.has("iterations")) {
            problems.add(path, "give exactly one of \"epochs\" and \"iterations\"");
            return null;
        }
        try {
            if (hasEpochs) {
                Double e = problems.number(o.get("epochs"), path + ".epochs");
                return e == null ? null : TrainingPhase.epochs(e);
            }
            JsonNode it = o.get("iterations");
            if (!it.isIntegralNumber()) {
                problems.add(path + ".iterations", "must be a whole number, got " + it);
                return null;
            }
            return TrainingPhase.iterations(it.asLong());
        } catch (InvalidInputException e) {
            problems.add(path + (hasEpochs ? ".epochs" : ".iterations"), e.getMessage());
            return null;
        }
    }

    /**
     * A phase's named values: {@code "values": {"fadeIn": {"start": 0, "end": 1, "decay": "linear"},
     * "other": 0.5}}; a plain number is constant, an object without end/decay too.
     */
    private static TrainingPhase readValues(TrainingPhase p, JsonNode node, String path, FileProblems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object of named values");
            return p;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (!problems.checkObject(v, where, PhaseFields.NAMED_VALUE)) {
                    continue;
                }
                if (!v.has("start")) {
                    problems.add(where, "no \"start\" given");
                    continue;
                }
                p = attempt(p, where, true, q -> q.value(e.getKey(), PhaseFields.readNamedValue(v)), problems);
            } else {
                p = attempt(p, where, true, q -> q.value(e.getKey(), ScheduledValue.constant(PhaseFields.number(v))),
                        problems);
            }
        }
        return p;
    }

    private interface PhaseEdit {
        TrainingPhase apply(TrainingPhase p);
    }

    /** {@code edit} of {@code p} if the field is {@code present}; a refusal is a problem at {@code path}. */
    private static TrainingPhase attempt(TrainingPhase p, String path, boolean present, PhaseEdit edit,
            FileProblems problems) {
        if (!present) {
            return p;
        }
        try {
            return edit.apply(p);
        } catch (SettingException e) {
            problems.add(path, e.detail()); // the field at path is the setting refused
            return p;
        } catch (InvalidInputException e) {
            problems.add(path, e.getMessage());
            return p;
        }
    }

    private static void checkGroups(List<TrainingPhase> phases, List<String> paths, OptionalInt declared,
            FileProblems problems) {
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
}
