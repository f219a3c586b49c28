package dev.atelier.cli;

import java.nio.file.Path;

/** The repository's shipped example images, as the command-line tests give them to the commands. */
final class ShippedExamples {
    /** The root {@code examples/} folder. */
    static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()), "examples");
    /** The cat photo. */
    static final String CONTENT = ROOT.resolve("content/chelsea.png").toString();
    /** Hokusai's Great Wave. */
    static final String STYLE = ROOT.resolve("style/hokusai-great-wave.jpg").toString();

    private ShippedExamples() {}
}
