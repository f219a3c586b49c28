package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.FashionMnist;
import dev.atelier.train.data.FashionMnistLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Fashion-MNIST is: shared by {@code train fashion-mnist} and {@code lr-find}. */
public final class FashionMnistDataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four IDX files (gzip or raw).")
    public Path data;

    @Option(names = "--download", description = "Download into the cache if no local copy is found (default: true).",
            negatable = true, defaultValue = "true", fallbackValue = "true")
    public boolean download;

    /** Fails with one line if {@code --data} names an incomplete folder (before anything else runs). */
    public void check() {
        if (data != null && !FashionMnist.isComplete(data)) {
            throw new InvalidInputException("--data " + data + " does not hold the four Fashion-MNIST IDX files "
                    + FashionMnist.FILES + " (each .gz or raw)");
        }
    }

    /** The folder with the files: {@code --data}, Debian's, or the cache (downloading if allowed). */
    public Path locate(PrintWriter out) throws IOException {
        check();
        return FashionMnistLocator.defaults().locate(data, download, line -> {
            out.println(line);
            out.flush();
        });
    }
}
