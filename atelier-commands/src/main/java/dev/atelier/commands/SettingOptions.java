package dev.atelier.commands;

import dev.atelier.core.SettingException;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options for the settings of a {@link SettingsTable}, derived from the table rather than
 * retyped: one {@code --kebab-case} option per setting the front end offers, its value label, its help
 * text and its default as the table states them. Values are read as typed text and handed to the table,
 * which parses and checks them, so the command line reports a bad value as every front end does.
 */
public final class SettingOptions {
    private SettingOptions() {}

    /**
     * Adds to {@code spec} one option for each setting of {@code table} that {@code frontEnd} offers.
     *
     * @param defaultsAre how the help text introduces the default, e.g. {@code "default: "} or, for a job's
     *     defaults that rows may override, {@code "rows' default: "}
     */
    public static void addTo(CommandSpec spec, SettingsTable<?, ?> table, FrontEnd frontEnd, String defaultsAre) {
        for (Setting<?, ?, ?> s : table.offeredBy(frontEnd)) {
            String name = optionName(s.key());
            if (spec.findOption(name) != null) {
                throw new IllegalStateException(spec.qualifiedName() + " already has " + name);
            }
            spec.addOption(OptionSpec.builder(name)
                    .type(String.class)
                    // a value that is not of the setting's type is a usage error, found before any file is read
                    .converters(text -> {
                        try {
                            s.type().parse(s.key(), text.trim());
                        } catch (SettingException e) {
                            throw new CommandLine.TypeConversionException(e.detail());
                        }
                        return text;
                    })
                    .paramLabel(s.valueLabel())
                    .description(s.help() + " (" + defaultsAre + s.defaultText() + ").")
                    .build());
        }
    }

    /** The option that stands for setting {@code key}: {@code --} and the key in kebab case. */
    public static String optionName(String key) {
        return FrontEnd.CLI.nameOf(key);
    }

    /**
     * What was typed on {@code spec}'s command line for the settings {@link #addTo} added (the last of a
     * repeated option), by key; absent ones are left out.
     */
    public static Map<String, String> typed(CommandSpec spec, SettingsTable<?, ?> table, FrontEnd frontEnd) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?, ?, ?> s : table.offeredBy(frontEnd)) {
            OptionSpec o = spec.findOption(optionName(s.key()));
            Object v = o == null ? null : o.getValue();
            if (v != null) {
                out.put(s.key(), v.toString());
            }
        }
        return out;
    }

    /** The sub-command of {@code root} called {@code name} (for adding options to it after construction). */
    public static CommandSpec subcommand(CommandLine root, String name) {
        CommandLine sub = root.getSubcommands().get(name);
        if (sub == null) {
            throw new IllegalStateException("no subcommand " + name);
        }
        return sub.getCommandSpec();
    }
}
