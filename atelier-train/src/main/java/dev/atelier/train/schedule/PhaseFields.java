package dev.atelier.train.schedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a phase's values are spelled in a phases file, for reading and writing alike: a scheduled value
 * {@code x} is the fields {@code x}, {@code xEnd} and {@code xDecay}; learning rates are one such value
 * or arrays of one value per layer group; a named value is {@code {"start", "end", "decay"}}; a setting's
 * key ({@code cycle_mult}) is its field's name ({@code cycleMult}). Keeping both directions here is what
 * makes {@link PhasesFileWriter}'s output read back by {@link PhasesFileReader} to equal phases.
 */
final class PhaseFields {
    /** The one mapper of phases files; a key given twice is a mistake in a hand-written file, never "the last one wins". */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The fields of a named value's object. */
    static final Set<String> NAMED_VALUE = Set.of("start", "end", "decay");

    private static final String END = "End";
    private static final String DECAY = "Decay";

    private PhaseFields() {}

    /** The field that holds the setting {@code key} (snake case, as in a {@link dev.atelier.core.SettingException}). */
    static String fieldName(String key) {
        StringBuilder out = new StringBuilder();
        for (String part : key.split("_")) {
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    /** {@code name}, {@code nameEnd}, {@code nameDecay} of {@code o} as one value ({@code name} must be there). */
    static ScheduledValue readScheduled(JsonNode o, String name) {
        JsonNode end = o.get(name + END);
        return scheduled(number(o.get(name)), end == null ? null : number(end), decay(o, name, end != null));
    }

    /** {@code lr}, {@code lrEnd}, {@code lrDecay}: one value, or one per layer group when {@code lr} is an array. */
    static List<ScheduledValue> readLearningRates(JsonNode o) {
        JsonNode lr = o.get("lr");
        JsonNode end = o.get("lr" + END);
        DecayType decay = decay(o, "lr", end != null);
        if (!lr.isArray()) {
            return List.of(scheduled(number(lr), end == null ? null : number(end), decay));
        }
        if (lr.isEmpty()) {
            throw new InvalidInputException("lr array must not be empty");
        }
        if (end != null && end.isArray() && end.size() != lr.size()) {
            throw new InvalidInputException("lr has " + lr.size() + " values but lrEnd has " + end.size());
        }
        List<ScheduledValue> out = new ArrayList<>();
        for (int g = 0; g < lr.size(); g++) {
            Double e = end == null ? null : number(end.isArray() ? end.get(g) : end);
            out.add(scheduled(number(lr.get(g)), e, decay));
        }
        return out;
    }

    /** A named value's object, whose fields are already known to be {@link #NAMED_VALUE}'s, with a start. */
    static ScheduledValue readNamedValue(JsonNode v) {
        double start = number(v.get("start"));
        Double end = v.has("end") ? number(v.get("end")) : null;
        if (end != null && !v.has("decay")) {
            throw new InvalidInputException("\"end\" needs \"decay\" (linear, cosine, exponential, polynomial(p))");
        }
        return scheduled(start, end, v.has("decay") ? DecayType.parse(text(v.get("decay"))) : DecayType.NONE);
    }

    /** Writes {@code v} as {@code name} and, unless it is constant, {@code nameEnd} and {@code nameDecay}. */
    static void writeScheduled(ObjectNode o, String name, ScheduledValue v) {
        o.put(name, v.start());
        if (!(v.decay() instanceof DecayType.None)) {
            o.put(name + END, v.end());
            o.put(name + DECAY, v.decay().label());
        }
    }

    /** Writes one learning rate as {@link #writeScheduled}, several as arrays sharing one decay. */
    static void writeLearningRates(ObjectNode o, List<ScheduledValue> lrs) {
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
            o.set("lr" + END, end);
            o.put("lr" + DECAY, decay.label());
        }
    }

    /** Writes a named value as the object {@link #readNamedValue} reads. */
    static void writeNamedValue(ObjectNode one, ScheduledValue v) {
        one.put("start", v.start());
        if (!(v.decay() instanceof DecayType.None)) {
            one.put("end", v.end());
            one.put("decay", v.decay().label());
        }
    }

    static double number(JsonNode node) {
        if (node == null || !node.isNumber()) {
            throw new InvalidInputException("must be a number, got " + node);
        }
        return node.asDouble();
    }

    static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidInputException("must be a string, got " + node);
        }
        return node.asText();
    }

    static boolean bool(JsonNode node) {
        if (!node.isBoolean()) {
            throw new InvalidInputException("must be true or false, got " + node);
        }
        return node.asBoolean();
    }

    private static DecayType decay(JsonNode o, String name, boolean hasEnd) {
        JsonNode d = o.get(name + DECAY);
        if (d == null) {
            if (hasEnd) {
                throw new InvalidInputException(name + "End needs " + name
                        + "Decay (linear, cosine, exponential, polynomial(p))");
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
}
