package dev.atelier.train.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Every problem found in one phases file, each on its own line and prefixed by the file and where in
 * it ({@code bad.json: phases[2].lrDecay: ...}), so that the user sees all of them at once; and the reads
 * of typed fields that record a problem here instead of throwing, so that reading goes on.
 */
final class FileProblems {
    private final String source;
    private final List<String> lines = new ArrayList<>();

    FileProblems(String source) {
        this.source = source;
    }

    /** A problem at {@code path} ({@code ""} for the whole file). */
    void add(String path, String message) {
        lines.add(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /**
     * A refusal of what was read at {@code path}: one about a setting is reported at that setting's field
     * inside {@code path} ({@code sgdr.cycles}), any other at {@code path} itself.
     */
    void add(String path, InvalidInputException refusal) {
        if (refusal instanceof SettingException s) {
            add(path + "." + PhaseFields.fieldName(s.key()), s.detail());
        } else {
            add(path, refusal.getMessage());
        }
    }

    int count() {
        return lines.size();
    }

    /** @throws InvalidInputException listing every problem, one per line, if there is any */
    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(), lines));
        }
    }

    /** Whether {@code o} is an object; its fields outside {@code allowed} are problems too. */
    boolean checkObject(JsonNode o, String path, Set<String> allowed) {
        if (!o.isObject()) {
            add(path, "must be an object");
            return false;
        }
        unknownFields(o, allowed, path + ".");
        return true;
    }

    /** Each field of {@code o} outside {@code allowed}, reported at {@code prefix + field}. */
    void unknownFields(JsonNode o, Set<String> allowed, String prefix) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                add(prefix + f, "unknown field (expected one of " + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
            }
        }
    }

    /** {@code node} as a number, or null (a problem) if it is not one. */
    Double number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            add(path, "must be a number, got " + node);
            return null;
        }
        return node.asDouble();
    }

    /** The number {@code o.name}, or null (a problem) if it is missing or not a number. */
    Double required(JsonNode o, String name, String path) {
        if (!o.has(name)) {
            add(path, "no \"" + name + "\" given");
            return null;
        }
        return number(o.get(name), path + "." + name);
    }

    /** The number {@code o.name}, or {@code fallback} if it is missing (or, a problem, not a number). */
    double optional(JsonNode o, String name, double fallback, String path) {
        if (!o.has(name)) {
            return fallback;
        }
        Double v = number(o.get(name), path + "." + name);
        return v == null ? fallback : v;
    }

    /** {@code node} as a non-empty array of numbers, or null (a problem). */
    double[] numbers(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            add(path, "must be a non-empty array of numbers");
            return null;
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = number(node.get(i), path + "[" + i + "]");
            if (v == null) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    /** {@code node} as a positive whole number, or null (a problem). */
    Long positiveLong(JsonNode node, String path) {
        if (!node.isIntegralNumber() || node.asLong() <= 0) {
            add(path, "must be a positive whole number, got " + node);
            return null;
        }
        return node.asLong();
    }
}
