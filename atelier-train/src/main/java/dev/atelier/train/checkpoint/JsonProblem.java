package dev.atelier.train.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.atelier.core.text.OneLine;
import java.util.stream.Collectors;

/**
 * A Jackson failure as a short phrase that names the header field it is about ({@code field 'alpha': ...}),
 * since Jackson's own messages name Java classes and run over several lines.
 */
final class JsonProblem {
    private JsonProblem() {}

    static String describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + path(u) + "'";
        }
        String message = OneLine.of(e.getOriginalMessage());
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = path(m);
            if (message.startsWith("Missing required creator property") || message.startsWith("Missing creator property")) {
                return "field '" + field + "' is missing";
            }
            if (message.startsWith("Null value for creator property")) {
                return "field '" + field + "' is null";
            }
            String type = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            return "field '" + field + "' is not a valid " + type + " (" + brief(message) + ")";
        }
        return message;
    }

    /** {@code optimizer.g0.w.steps}: the field names and indexes from the root to the failure. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Jackson's first clause, without its advice on how to configure Jackson. */
    private static String brief(String message) {
        int cut = message.indexOf(" (");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
