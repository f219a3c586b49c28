package dev.atelier.train.data;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.WeightStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Finds Fashion-MNIST on this machine, the one place that knows where it may be: a folder the user
 * names, else Debian's {@code dataset-fashion-mnist} ({@link FashionMnist#DEBIAN_DIR}), else the cache
 * under the store's root ({@link WeightStore#defaultRoot()}: {@code ATELIER_CACHE}, then
 * {@code $XDG_CACHE_HOME/atelier}, then {@code ~/.cache/atelier}), where a download also goes.
 */
public final class FashionMnistLocator {
    private final Path cacheRoot;

    /** A locator whose cache is {@code <cacheRoot>/fashion-mnist}. */
    public FashionMnistLocator(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /** A locator on the store's default root. */
    public static FashionMnistLocator defaults() {
        return new FashionMnistLocator(WeightStore.defaultRoot());
    }

    /** Where a download goes, and the last place looked in. */
    public Path cacheDir() {
        return cacheRoot.resolve("fashion-mnist");
    }

    /**
     * The folder with the four files.
     *
     * @param given a folder the user named, or null to search
     * @param download whether to download into {@link #cacheDir()} when none is found
     * @param note receives one line before a download starts
     * @throws InvalidInputException when a named folder is incomplete, or nothing is found and downloads are off
     */
    public Path locate(Path given, boolean download, Consumer<String> note) throws IOException {
        if (given != null) {
            if (!FashionMnist.isComplete(given)) {
                throw new InvalidInputException(given + " does not hold the four Fashion-MNIST IDX files "
                        + FashionMnist.FILES + " (each .gz or raw)");
            }
            return given;
        }
        if (FashionMnist.isComplete(FashionMnist.DEBIAN_DIR)) {
            return FashionMnist.DEBIAN_DIR;
        }
        Path cache = cacheDir();
        if (FashionMnist.isComplete(cache)) {
            return cache;
        }
        if (!download) {
            throw new InvalidInputException("no Fashion-MNIST found (looked in " + FashionMnist.DEBIAN_DIR + " and "
                    + cache + "); name a folder with the four IDX files, or allow a download");
        }
        note.accept("downloading Fashion-MNIST into " + cache);
        Files.createDirectories(cache);
        return FashionMnistDownload.official().fetchInto(cache);
    }
}
