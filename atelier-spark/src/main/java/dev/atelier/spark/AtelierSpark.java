package dev.atelier.spark;

import dev.atelier.commands.CommandLineErrors;
import dev.atelier.commands.SettingOptions;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code atelier spark}: Atelier's jobs on Apache Spark. The entry point of the {@code atelier-spark}
 * jar, for {@code ./atelier spark ...} (embedded local Spark) and {@code spark-submit --class
 * dev.atelier.spark.AtelierSpark atelier-spark.jar ...} (a cluster).
 */
@Command(name = "atelier spark", mixinStandardHelpOptions = true,
        description = "Scale out on Apache Spark: stylize a library of images, sweep settings, apply a style network.",
        subcommands = {StylizeSparkCommand.class, SweepSparkCommand.class, StyleNetApplySparkCommand.class,
            CommandLine.HelpCommand.class})
public final class AtelierSpark implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine newCommandLine() {
        CommandLine cl = CommandLineErrors.install(new CommandLine(new AtelierSpark()), AtelierSpark::sparkInputError);
        // the rows' default settings, from the table every front end derives its settings from
        for (String job : new String[] {"stylize", "sweep"}) {
            SettingOptions.addTo(SettingOptions.subcommand(cl, job), StyleTransferSettingsTable.TABLE, FrontEnd.SPARK,
                    "rows' default: ");
        }
        return cl;
    }

    /** The one-line message for bad input only Spark reports, or null for anything else. */
    private static String sparkInputError(Throwable t) {
        if (t instanceof org.apache.spark.sql.AnalysisException a) {
            // a table Spark cannot read: a manifest that is not the CSV or Parquet it claims to be
            return "Spark cannot read a table: " + Printable.line(a.getMessage(), 1000);
        }
        return null;
    }
}
