package dev.atelier.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingType;
import dev.atelier.style.settings.SettingsTable;
import dev.atelier.style.settings.ValueRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options derived from a settings table: all a front end offers, or the few a command names. */
class SettingOptionsTest {
    /** A builder and settings in one: what a table applies values to and reads them back from. */
    static final class Values {
        int size;
        Double tvWeight;
        int mode;
    }

    static final SettingsTable<Values, Values> TABLE = new SettingsTable<>("demo run", List.of(
            Setting.<Integer, Values, Values>define("size", SettingType.INTEGER, (b, v) -> b.size = v, s -> s.size)
                    .described("Size", "N", "the long side").byDefault(384).range(ValueRange.atLeast(16)).build(),
            Setting.<Double, Values, Values>define("tv_weight", SettingType.NUMBER, (b, v) -> b.tvWeight = v,
                    s -> s.tvWeight)
                    .described("TV weight", "W", "the smoothing's weight").byDefaultDescribed("the recipe's")
                    .range(ValueRange.atLeast(0)).build(),
            Setting.<Integer, Values, Values>define("mode", SettingType.INTEGER, (b, v) -> b.mode = v, s -> s.mode)
                    .described("Mode", "M", "not on the command line").byDefault(0).notIn(FrontEnd.CLI).build()));

    /** A command with an option of its own that shares a setting's name, as style-net train's --size does. */
    private static CommandSpec commandWithOwnSize() {
        CommandSpec spec = CommandSpec.create().name("demo");
        spec.addOption(OptionSpec.builder("--size").type(String.class).description("the crops' side").build());
        return spec;
    }

    @Test
    void aSubsetAddsOnlyTheNamedSettingsWithTheTablesHelp() {
        CommandSpec spec = commandWithOwnSize();
        SettingOptions.addTo(spec, TABLE, FrontEnd.CLI, List.of("tv_weight"), "default: ");
        OptionSpec tv = spec.findOption("--tv-weight");
        assertThat(tv.paramLabel()).isEqualTo("W");
        assertThat(tv.description()).containsExactly("the smoothing's weight (default: the recipe's).");
        assertThat(spec.findOption("--size").description()).containsExactly("the crops' side");
        assertThat(spec.findOption("--mode")).isNull();
    }

    @Test
    void typedReadsOnlyTheNamedSettingsNotTheCommandsOwnOptions() {
        CommandSpec spec = commandWithOwnSize();
        SettingOptions.addTo(spec, TABLE, FrontEnd.CLI, List.of("tv_weight"), "default: ");
        new CommandLine(spec).parseArgs("--size", "64", "--tv-weight", "0.5");
        assertThat(SettingOptions.typed(spec, TABLE, FrontEnd.CLI, List.of("tv_weight")))
                .containsExactly(Map.entry("tv_weight", "0.5"));
        // reading the whole table would take the command's --size for the table's size
        assertThat(SettingOptions.typed(spec, TABLE, FrontEnd.CLI)).containsKey("size");
    }

    @Test
    void aValueNotOfItsTypeIsRefusedWithTheTablesWords() {
        CommandSpec spec = commandWithOwnSize();
        SettingOptions.addTo(spec, TABLE, FrontEnd.CLI, List.of("tv_weight"), "default: ");
        assertThatThrownBy(() -> new CommandLine(spec).parseArgs("--tv-weight", "heavy"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'heavy' is not a number");
    }

    @Test
    void aKeyTheTableLacksOrTheFrontEndDoesNotOfferIsAProgrammingError() {
        assertThatThrownBy(() -> SettingOptions.addTo(commandWithOwnSize(), TABLE, FrontEnd.CLI, List.of("nope"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> SettingOptions.typed(commandWithOwnSize(), TABLE, FrontEnd.CLI, List.of("mode")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode");
        // a setting the command already has an option for is refused, not silently shadowed
        assertThatThrownBy(() -> SettingOptions.addTo(commandWithOwnSize(), TABLE, FrontEnd.CLI, List.of("size"), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--size");
    }

    @Test
    void aNestedSubcommandIsFoundByItsPath() {
        CommandLine root = new CommandLine(CommandSpec.create().name("top"));
        CommandLine group = new CommandLine(CommandSpec.create().name("group"));
        CommandLine leaf = new CommandLine(CommandSpec.create().name("leaf"));
        group.addSubcommand("leaf", leaf);
        root.addSubcommand("group", group);
        assertThat(SettingOptions.subcommand(root, "group", "leaf")).isSameAs(leaf.getCommandSpec());
        assertThat(SettingOptions.subcommand(root, "group")).isSameAs(group.getCommandSpec());
        assertThatThrownBy(() -> SettingOptions.subcommand(root, "group", "other"))
                .isInstanceOf(IllegalStateException.class).hasMessage("no subcommand group other");
    }
}
