package dev.atelier.cli.gan;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.InvalidInputException;

/** The {@code --threads} of the gan commands. */
final class GanThreads {
    private GanThreads() {}

    static void set(int threads) {
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the native library before it is configured
        JniUtils.setNumThreads(threads);
    }
}
