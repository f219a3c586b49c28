package dev.atelier.commands;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.core.io.FileWriteException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * How Atelier's command lines ({@code atelier} and {@code atelier spark}) report errors, so that both say
 * them the same way: bad input (an {@link InvalidInputException}, a missing file, an I/O failure such as a
 * {@link FileWriteException} for a full disk) is one
 * line on standard error, {@code atelier: WHAT}, with exit code {@value #EXIT_BAD_INPUT}; a usage mistake
 * is one line too, pointing to the command's {@code --help}; anything else is a bug and keeps picocli's
 * stack trace (exit code 1).
 *
 * <pre>{@code
 * CommandLine cl = CommandLineErrors.install(new CommandLine(new AtelierCli()));
 * }</pre>
 *
 * <p>A {@link SettingException} names its setting as the option that sets it: key {@code max_evals} is
 * {@code --max-evals} ({@code atelier: --max-evals: must be at least 1, got 0}).
 */
public final class CommandLineErrors {
    /** Exit code for bad input: a missing file, a wrong option value, an unusable configuration. */
    public static final int EXIT_BAD_INPUT = 2;

    private CommandLineErrors() {}

    /** Installs the handlers on {@code cl}; see {@link #install(CommandLine, Function)}. */
    public static CommandLine install(CommandLine cl) {
        return install(cl, t -> null);
    }

    /**
     * Installs the handlers on {@code cl} (and so on its subcommands added before).
     *
     * @param ownInputErrors the one-line message for an error that is bad input only this front end knows
     *     of (Spark: a table it cannot read), or null when {@code t} is no such error; asked about each
     *     exception of a failure's cause chain
     * @return {@code cl}
     */
    public static CommandLine install(CommandLine cl, Function<Throwable, String> ownInputErrors) {
        Objects.requireNonNull(ownInputErrors, "ownInputErrors");
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            String message = userMessage(ex, ownInputErrors);
            if (message == null) {
                throw ex;
            }
            printLine(commandLine.getErr(), "atelier: " + message);
            return EXIT_BAD_INPUT;
        });
        cl.setParameterExceptionHandler(new OneLineUsageErrors());
        return cl;
    }

    /**
     * The message for bad input as the command line says it: a {@link SettingException} names the option
     * ({@link #optionName}), any other {@link InvalidInputException} is its own message.
     */
    public static String message(InvalidInputException e) {
        return e instanceof SettingException s ? s.render(optionName(s.key())) : e.getMessage();
    }

    /** The option that sets the setting {@code key}: {@code max_evals} is {@code --max-evals}. */
    public static String optionName(String key) {
        return "--" + key.replace('_', '-');
    }

    /** Prints one line and flushes: the line must reach the terminal before the process exits. */
    static void printLine(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    /** The one-line message for a failure caused by input, or null for programming errors. */
    private static String userMessage(Throwable ex, Function<Throwable, String> ownInputErrors) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return message(bad);
            }
            if (t instanceof FileWriteException cannotWrite) {
                // names the file the user asked for and a full disk in words, wherever it was wrapped
                return cannotWrite.getMessage();
            }
            if (t instanceof NoSuchFileException nsf) {
                return "no such file: " + nsf.getFile();
            }
            if (t instanceof CommandLine.ParameterException) {
                return t.getMessage();
            }
            String own = ownInputErrors.apply(t);
            if (own != null) {
                return own;
            }
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            return ex.getMessage();
        }
        return null;
    }
}
