package dev.atelier.commands;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.text.OneLine;
import picocli.CommandLine;

/**
 * Reports a command-line usage error (an unknown option, a value that does not convert, a missing
 * parameter, a value a command rejects) as one line naming the command and pointing to its
 * {@code --help}, instead of picocli's default of the message followed by the whole usage text.
 */
final class OneLineUsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        if (ex.getCause() instanceof InvalidInputException bad) {
            // a typed option's converter refused the value with the library's own line: say just that
            CommandLineErrors.printLine(cl.getErr(), "atelier: " + CommandLineErrors.message(bad));
        } else {
            CommandLineErrors.printLine(cl.getErr(), format(cl.getCommandSpec(), ex.getMessage()));
        }
        return CommandLineErrors.EXIT_BAD_INPUT;
    }

    /**
     * {@code atelier stylize: invalid value for --size: 'abc' is not an int (see atelier stylize --help)}: the
     * hint names the command's own help option, and is left out for a command that has none.
     */
    static String format(CommandLine.Model.CommandSpec command, String message) {
        String m = message == null || message.isBlank() ? "bad usage" : message.strip();
        // picocli's messages may span lines (suggestions) and quote option names: flatten and simplify
        m = OneLine.of(m).replaceAll("option '(-[^']*)'", "$1");
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && !Character.isUpperCase(m.charAt(1))) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        String name = command.qualifiedName();
        String help = command.options().stream().filter(CommandLine.Model.OptionSpec::usageHelp).findFirst()
                .map(o -> " (see " + name + " " + o.longestName() + ")").orElse("");
        return name + ": " + m + help;
    }
}
