package dev.atelier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;

/**
 * {@code stylize --preset FILE}: a preset saved by the studio ({@code {"format": "atelier-preset/1",
 * "stylize_args": [...]}}) replayed as if its options had been typed where {@code --preset} stands, so
 * options typed after it override it.
 */
final class PresetFile implements CommandLine.IParameterPreprocessor {
    static final String FORMAT = "atelier-preset/1";
    private static final long MAX_BYTES = 1 << 20;

    @Override
    public boolean preprocess(Stack<String> args, CommandLine.Model.CommandSpec commandSpec,
            CommandLine.Model.ArgSpec argSpec, Map<String, Object> info) {
        if (args.isEmpty()) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--preset needs a preset file");
        }
        List<String> options;
        try {
            options = read(Path.of(args.pop()));
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        for (int i = options.size() - 1; i >= 0; i--) {
            args.push(options.get(i));
        }
        return true;
    }

    /** The preset's {@code stylize} options. */
    static List<String> read(Path file) {
        JsonNode root;
        try {
            InputFiles.requireRegularFile("preset file", file);
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException("preset " + file + " is over 1 MiB; a preset is a small JSON file");
            }
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such preset file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("preset " + file + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("stylize_args").isArray()) {
            throw new InvalidInputException("preset " + file + " is not an Atelier preset (format " + FORMAT
                    + " with stylize_args)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode a : root.get("stylize_args")) {
            if (!a.isTextual() && !a.isNumber()) {
                throw new InvalidInputException("preset " + file + ": stylize_args must be strings");
            }
            String s = a.asText();
            if (s.equals("--preset") || s.startsWith("--preset=")) {
                throw new InvalidInputException("preset " + file + " names another preset");
            }
            out.add(s);
        }
        return out;
    }
}
