package dev.atelier.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLineErrorsTest {
    /** A command that fails the way {@code --fail} says. */
    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {
        @Option(names = "--fail")
        String fail = "";

        @Option(names = "--count", converter = PositiveCount.class)
        int count;

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "setting" -> throw new SettingException("max_evals", "must be at least 1, got 0");
                case "input" -> throw new InvalidInputException("no style image given");
                case "file" -> throw new NoSuchFileException("photo.png");
                case "own" -> throw new IllegalArgumentException("own");
                case "bug" -> throw new NullPointerException("bug");
                default -> {
                    return 0;
                }
            }
        }
    }

    /** A converter that refuses with the library's own words. */
    static final class PositiveCount implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new SettingException("count", "must be at least 1, got " + n);
            }
            return n;
        }
    }

    /** A command without a help option. */
    @Command(name = "bare")
    static final class Bare implements Runnable {
        @Override
        public void run() {}
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(new Demo(), args);
    }

    private int run(Object command, String... args) {
        err.getBuffer().setLength(0);
        CommandLine cl = CommandLineErrors.install(new CommandLine(command),
                t -> t instanceof IllegalArgumentException ? "the front end's own words" : null);
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** {@code args} fail as bad input: exit code 2 and {@code line} alone on standard error. */
    private void assertBadInput(String line, String... args) {
        assertThat(run(args)).isEqualTo(CommandLineErrors.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo(line + System.lineSeparator());
    }

    @Test
    void aSettingIsNamedAsItsOption() {
        assertBadInput("atelier: --max-evals: must be at least 1, got 0", "--fail", "setting");
        assertThat(CommandLineErrors.optionName("max_evals")).isEqualTo("--max-evals");
    }

    @Test
    void otherBadInputIsItsOwnMessageOnOneLine() {
        assertBadInput("atelier: no style image given", "--fail", "input");
        assertBadInput("atelier: no such file: photo.png", "--fail", "file");
        assertBadInput("atelier: the front end's own words", "--fail", "own");
    }

    @Test
    void usageErrorsAreOneLinePointingToHelp() {
        assertBadInput("demo: unknown option: '--nope' (see demo --help)", "--nope");
        assertBadInput("atelier: --count: must be at least 1, got 0", "--count", "0");
    }

    @Test
    void noHelpIsSuggestedWhereThereIsNone() {
        assertThat(run(new Bare(), "--nope")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("bare: unknown option: '--nope'");
    }

    @Test
    void aBugKeepsItsStackTrace() {
        assertThat(run("--fail", "bug")).isEqualTo(1);
        assertThat(err.toString()).contains("NullPointerException: bug").contains("\tat ");
    }
}
