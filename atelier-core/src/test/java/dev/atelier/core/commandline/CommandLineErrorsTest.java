package dev.atelier.core.commandline;

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
        CommandLine cl = CommandLineErrors.install(new CommandLine(new Demo()),
                t -> t instanceof IllegalArgumentException ? "the front end's own words" : null);
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void aSettingIsNamedAsItsOption() {
        assertThat(run("--fail", "setting")).isEqualTo(CommandLineErrors.EXIT_BAD_INPUT);
        assertThat(err.toString()).isEqualTo("atelier: --max-evals: must be at least 1, got 0"
                + System.lineSeparator());
        assertThat(CommandLineErrors.optionName("max_evals")).isEqualTo("--max-evals");
    }

    @Test
    void otherBadInputIsItsOwnMessageOnOneLine() {
        assertThat(run("--fail", "input")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: no style image given");
        err.getBuffer().setLength(0);
        assertThat(run("--fail", "file")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: no such file: photo.png");
        err.getBuffer().setLength(0);
        assertThat(run("--fail", "own")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: the front end's own words");
    }

    @Test
    void usageErrorsAreOneLinePointingToHelp() {
        assertThat(run("--nope")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("demo: unknown option: '--nope' (see demo --help)");
        err.getBuffer().setLength(0);
        assertThat(run("--count", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("atelier: --count: must be at least 1, got 0");
    }

    @Test
    void noHelpIsSuggestedWhereThereIsNone() {
        CommandLine bare = CommandLineErrors.install(new CommandLine(new Bare()));
        bare.setErr(new PrintWriter(err));
        assertThat(bare.execute("--nope")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("bare: unknown option: '--nope'");
    }

    @Test
    void aBugKeepsItsStackTrace() {
        assertThat(run("--fail", "bug")).isEqualTo(1);
        assertThat(err.toString()).contains("NullPointerException: bug").contains("\tat ");
    }
}
