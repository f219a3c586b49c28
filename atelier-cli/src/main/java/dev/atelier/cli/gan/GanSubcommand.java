package dev.atelier.cli.gan;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The opening every {@code atelier gan} command shares: its {@code --threads} option, given to PyTorch
 * before any tensor work, and the output it reports to. A subcommand's own work is {@link #run}.
 */
abstract class GanSubcommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1", description = "PyTorch threads (default: ${DEFAULT-VALUE}: on a shared"
            + " 2-core machine one thread per run was measured ~50× faster than two, whose OpenMP barriers wait on busy cores).")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the native library before it is configured
        JniUtils.setNumThreads(threads);
        run(spec.commandLine().getOut());
        return 0;
    }

    /**
     * The command's work, with PyTorch's threads set.
     *
     * @param out where it reports
     * @throws InvalidInputException on input the user can fix, in one line
     */
    abstract void run(PrintWriter out) throws Exception;
}
