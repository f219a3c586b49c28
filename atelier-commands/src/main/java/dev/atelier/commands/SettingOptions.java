package dev.atelier.commands;

import dev.atelier.core.SettingException;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        add(spec, new ArrayList<>(table.offeredBy(frontEnd)), defaultsAre);
    }

    /**
     * Adds to {@code spec} one option for each of the settings {@code keys} names, in that order: for a
     * command that offers only some of a table's settings (as {@code style-net train} offers the recipe,
     * colours, style scale and weights of a style transfer), with the same names, help and checks as the
     * commands that offer them all. Read them back with {@link #typed(CommandSpec, SettingsTable, FrontEnd, List)}.
     *
     * @param keys settings of {@code table} that {@code frontEnd} offers
     * @param defaultsAre as for {@link #addTo(CommandSpec, SettingsTable, FrontEnd, String)}
     * @throws IllegalArgumentException for a key the table does not have or {@code frontEnd} does not offer
     */
    public static void addTo(CommandSpec spec, SettingsTable<?, ?> table, FrontEnd frontEnd, List<String> keys,
            String defaultsAre) {
        add(spec, subset(table, frontEnd, keys), defaultsAre);
    }

    private static void add(CommandSpec spec, List<Setting<?, ?, ?>> settings, String defaultsAre) {
        for (Setting<?, ?, ?> s : settings) {
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

    /** The settings {@code keys} names, in that order; each must be one {@code frontEnd} offers. */
    private static List<Setting<?, ?, ?>> subset(SettingsTable<?, ?> table, FrontEnd frontEnd, List<String> keys) {
        List<Setting<?, ?, ?>> out = new ArrayList<>();
        for (String key : keys) {
            Setting<?, ?, ?> s = table.find(key).filter(x -> x.isOfferedBy(frontEnd)).orElseThrow(
                    () -> new IllegalArgumentException("no setting " + key + " offered by " + frontEnd));
            out.add(s);
        }
        return out;
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
        return typed(spec, new ArrayList<>(table.offeredBy(frontEnd)));
    }

    /**
     * What was typed for the settings {@code keys} names, as {@link #typed(CommandSpec, SettingsTable, FrontEnd)}
     * for a command given those alone by {@link #addTo(CommandSpec, SettingsTable, FrontEnd, List, String)}. Only
     * those keys are read, because the command's own options may share a setting's name with another meaning:
     * {@code style-net train}'s {@code --size} is the side of its crops, not the table's output size.
     *
     * @throws IllegalArgumentException for a key the table does not have or {@code frontEnd} does not offer
     */
    public static Map<String, String> typed(CommandSpec spec, SettingsTable<?, ?> table, FrontEnd frontEnd,
            List<String> keys) {
        return typed(spec, subset(table, frontEnd, keys));
    }

    private static Map<String, String> typed(CommandSpec spec, List<Setting<?, ?, ?>> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?, ?, ?> s : settings) {
            OptionSpec o = spec.findOption(optionName(s.key()));
            Object v = o == null ? null : o.getValue();
            if (v != null) {
                out.put(s.key(), v.toString());
            }
        }
        return out;
    }

    /**
     * The sub-command of {@code root} reached by {@code name} and then {@code deeper} names (for adding options
     * to it after construction): {@code subcommand(cl, "style-net", "train")}.
     */
    public static CommandSpec subcommand(CommandLine root, String name, String... deeper) {
        CommandLine sub = root.getSubcommands().get(name);
        String path = name;
        for (String next : deeper) {
            sub = sub == null ? null : sub.getSubcommands().get(next);
            path += " " + next;
        }
        if (sub == null) {
            throw new IllegalStateException("no subcommand " + path);
        }
        return sub.getCommandSpec();
    }
}
