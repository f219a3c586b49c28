package dev.atelier.cli;

import dev.atelier.commands.CommandLineErrors;
import dev.atelier.commands.SettingOptions;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.settings.FrontEnd;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atelier} command: one subcommand class per task. */
@Command(
        name = "atelier",
        mixinStandardHelpOptions = true,
        versionProvider = AtelierCli.Version.class,
        description = "fast.ai lesson 13 on the JVM: neural style transfer, training phases, bias audits.",
        subcommands = {
            StylizeCommand.class,
            HarmonizeCommand.class,
            JudgeCommand.class,
            FeaturesCommand.class,
            WeightsCommand.class,
            TrainCommand.class,
            dev.atelier.cli.gan.GanCommand.class,
            StyleNetCommand.class,
            LrFindCommand.class,
            ScheduleCommand.class,
            AuditCommand.class,
            BenchCommand.class,
            StudioCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class AtelierCli implements Runnable {
    /** Exit code for bad input: a missing file, a wrong option value, an unusable configuration. */
    public static final int EXIT_BAD_INPUT = CommandLineErrors.EXIT_BAD_INPUT;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Where the networks run, for every command (an option of each subcommand too). Chosen here, resolved
     * when the first network is made, so a GPU asked for and not there is reported before any work.
     */
    @CommandLine.Option(names = "--device", scope = CommandLine.ScopeType.INHERIT, paramLabel = "auto|cpu|gpu[:N]",
            defaultValue = "auto", description = "where the networks run: auto (a GPU when the engine has one, else "
                    + "the CPU), cpu, or gpu / gpu:N (needs a CUDA libtorch, docs/gpu.md); default: ${DEFAULT-VALUE}")
    void device(dev.atelier.core.device.ComputeDevice device) {
        dev.atelier.core.device.ActiveDevice.select(device);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code;
        try {
            code = newCommandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // the memory checks should prevent this; if an estimate was wrong, still no stack trace
            System.err.println("atelier: out of Java heap memory (-Xmx " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); use smaller images (--size) or raise it, e.g. ATELIER_JAVA_OPTS=-Xmx16g");
            code = 1;
        }
        System.exit(code);
    }

    /** A fully configured command line; tests call {@code execute} on it instead of {@link #main}. */
    public static CommandLine newCommandLine() {
        // bad input and usage errors are one line (exit 2), not a stack trace or the whole usage text
        CommandLine cl = CommandLineErrors.install(new CommandLine(new AtelierCli()));
        // the last of a repeated option wins, as in most shells' tools
        cl.setOverwrittenOptionsAllowed(true);
        // no option of ours means anything with nan or infinity: refuse them for every command
        FiniteDoubleConverter finite = new FiniteDoubleConverter();
        cl.registerConverter(Double.class, finite);
        cl.registerConverter(double.class, finite);
        OptionTypes.register(cl);
        // the settings' options come from their tables, so every front end shows the same names and defaults
        SettingOptions.addTo(SettingOptions.subcommand(cl, "stylize"), StyleTransferSettingsTable.TABLE, FrontEnd.CLI,
                "default: ");
        SettingOptions.addTo(SettingOptions.subcommand(cl, "harmonize"), HarmonizationSettingsTable.TABLE, FrontEnd.CLI,
                "default: ");
        // style-net train's loss is stylize's: the few settings it offers are stylize's options, from the same table
        SettingOptions.addTo(SettingOptions.subcommand(cl, "style-net", "train"), StyleTransferSettingsTable.TABLE,
                FrontEnd.CLI, StyleNetTrainCommand.SETTINGS, "default: ");
        return cl;
    }

    /** Reads the version Maven wrote into the jar's resources. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = AtelierCli.class.getResourceAsStream("/atelier-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"atelier " + p.getProperty("version", "unknown")
                    + " (DJL 0.36.0, PyTorch 2.7.1 CPU, Java " + System.getProperty("java.version") + ")"};
        }
    }
}
