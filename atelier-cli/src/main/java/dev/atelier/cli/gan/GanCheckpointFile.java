package dev.atelier.cli.gan;

import dev.atelier.gan.GanCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The checkpoint of {@code atelier gan train} that {@code sample} and {@code score} read: their first parameter. */
final class GanCheckpointFile {
    @Parameters(index = "0", paramLabel = "CKPT", description = "Checkpoint of atelier gan train.")
    Path path;

    /** The checkpoint's contents, or one line saying why it cannot be read. */
    GanCheckpoint.Contents read() throws IOException {
        return GanCheckpoint.read(path);
    }
}
