package dev.atelier.style.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shared look: settings saved by the studio (or by hand) and replayed by {@code stylize --preset}. A
 * preset is read as hostile: it may carry only the table's look settings ({@link Setting#isLook()}: never an
 * input, an output, a start image or weights), each once, nothing unknown, and it never overrides what the
 * user typed. It is a small regular file: a device, a folder or anything over {@link #MAX_BYTES} is refused
 * before it is read.
 *
 * <p>Format {@value #FORMAT}: {@code {"format": "atelier-preset/2", "settings": {"size": 384, "colors":
 * "keep"}}} with the table's keys. The studio's earlier {@value #LEGACY_FORMAT} files ({@code "stylize_args":
 * ["--size", "256", ...]}, options in pairs) are read too, under the same rules.
 */
public final class SettingsPreset {
    /** The format written. */
    public static final String FORMAT = "atelier-preset/2";
    /** The studio's first format, still read. */
    public static final String LEGACY_FORMAT = "atelier-preset/1";
    /** The largest preset file read: a preset is a few hundred bytes. */
    public static final long MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP_LEVEL = Set.of("format", "settings", "controls", "stylize_args");

    private SettingsPreset() {}

    /**
     * The preset's document for {@code settings} (key to value; nulls left out).
     *
     * @throws IllegalArgumentException for a key that is not a look setting of {@code table}
     */
    public static Map<String, Object> of(SettingsTable<?, ?> table, Map<String, ?> settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            Setting<?, ?, ?> s = table.find(k).orElseThrow(() -> new IllegalArgumentException("no setting " + k));
            if (!s.isLook()) {
                throw new IllegalArgumentException(k + " is not a look setting");
            }
            if (v != null) {
                values.put(s.key(), v);
            }
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("settings", values);
        return doc;
    }

    /**
     * Reads the preset {@code file}: its look settings as text, by key.
     *
     * @throws InvalidInputException in one line for a file that is not a small regular file, not JSON, not a
     *     preset, or carries anything but look settings of {@code table}
     */
    public static Map<String, String> read(Path file, SettingsTable<?, ?> table) {
        return parse(bytes(file), table, "preset " + file);
    }

    /**
     * Reads a preset document.
     *
     * @param where how messages name it
     * @throws InvalidInputException as {@link #read}
     */
    public static Map<String, String> parse(byte[] json, SettingsTable<?, ?> table, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(where + " is not JSON (or names a key twice): "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + where + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where + " is not an Atelier preset (a JSON object with \"format\": \"" + FORMAT
                    + "\")");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_LEVEL.contains(k)) {
                throw new InvalidInputException(where + ": unknown field '" + k + "'");
            }
        }
        String format = root.path("format").asText("");
        Map<String, String> out = new LinkedHashMap<>();
        if (format.equals(FORMAT) && root.path("settings").isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("settings").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                put(out, table, e.getKey(), e.getValue(), where);
            }
        } else if (format.equals(LEGACY_FORMAT) && root.path("stylize_args").isArray()) {
            List<JsonNode> args = new java.util.ArrayList<>();
            root.get("stylize_args").forEach(args::add);
            if (args.size() % 2 != 0) {
                throw new InvalidInputException(where + ": stylize_args must be option and value pairs");
            }
            for (int i = 0; i < args.size(); i += 2) {
                String option = args.get(i).asText("");
                if (!option.startsWith("--")) {
                    throw new InvalidInputException(where + ": '" + option + "' is not a setting (a preset carries only "
                            + "settings, no files)");
                }
                put(out, table, option.substring(2), args.get(i + 1), where);
            }
        } else {
            throw new InvalidInputException(where + " is not an Atelier preset (format " + FORMAT + " with settings)");
        }
        return out;
    }

    private static void put(Map<String, String> out, SettingsTable<?, ?> table, String name, JsonNode value, String where) {
        Setting<?, ?, ?> s = table.find(name).orElseThrow(
                () -> new InvalidInputException(where + ": unknown setting '" + name + "'"));
        if (!s.isLook()) {
            throw new InvalidInputException(where + ": a preset carries only a picture's look; '" + name
                    + "' is not part of it and stays as typed");
        }
        if (!value.isValueNode() || value.isNull()) {
            throw new InvalidInputException(where + ": the value of '" + name + "' must be a string or a number");
        }
        if (out.put(s.key(), value.asText()) != null) {
            throw new InvalidInputException(where + " sets '" + name + "' twice");
        }
    }

    private static byte[] bytes(Path file) {
        try {
            InputFiles.requireRegularFile("preset file", file);
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException("preset " + file + " is over " + MAX_BYTES / 1024
                        + " KiB; a preset is a small JSON file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                // read at most one byte past the limit: the size may change between the check and the read
                byte[] b = in.readNBytes((int) MAX_BYTES + 1);
                if (b.length > MAX_BYTES) {
                    throw new InvalidInputException("preset " + file + " is over " + MAX_BYTES / 1024 + " KiB");
                }
                return b;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such preset file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read preset " + file + ": " + e.getMessage());
        }
    }
}
