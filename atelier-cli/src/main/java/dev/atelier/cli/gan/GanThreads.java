package dev.atelier.cli.gan;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;
import picocli.CommandLine.Option;

/** The {@code --threads} option every gan command shares, as a picocli mixin. */
final class GanThreads {
    @Option(names = "--threads", defaultValue = "1", description = "PyTorch threads (default: ${DEFAULT-VALUE}: on a shared"
            + " 2-core machine one thread per run was measured ~50× faster than two, whose OpenMP barriers wait on busy cores).")
    int threads;

    /** Sets PyTorch's thread count; call before any tensor work. */
    void apply() {
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the native library before it is configured
        JniUtils.setNumThreads(threads);
    }
}
