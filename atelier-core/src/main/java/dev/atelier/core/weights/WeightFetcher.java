package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fetches {@link KnownWeights} entries (or the same kinds of file from other URLs) into a {@link WeightStore}. */
public final class WeightFetcher {
    private final WeightStore store;
    private final WeightDownloader downloader;

    /**
     * The host of an entry's download cannot be reached. The message says what to download elsewhere
     * and to import it under the entry's name; how to import is the caller's to say.
     */
    public static final class OfflineException extends InvalidInputException {
        OfflineException(KnownWeights.Entry entry, WeightDownloader.HostUnreachableException cause) {
            super(cause.getMessage() + ". Download "
                    + (entry.kind() == KnownWeights.Kind.WHOLE_FILE ? entry.remoteFileName() : entry.url().toString())
                    + " elsewhere and import it into the store as '" + entry.name() + "'", cause);
        }
    }

    public WeightFetcher(WeightStore store, WeightDownloader downloader) {
        this.store = store;
        this.downloader = downloader;
    }

    /**
     * Downloads {@code entry} and adds it to the store under its name.
     *
     * @param replace whether an entry of that name may be replaced
     * @throws WeightStore.NameTakenException when the store holds {@code entry}'s name and {@code replace}
     *     is false (checked before downloading)
     * @throws OfflineException when the host is unreachable
     * @throws InvalidInputException when the download breaks off (run again to resume) or its checksum
     *     differs
     */
    public StoredWeights fetch(KnownWeights.Entry entry, boolean replace) throws IOException {
        // Everything that would make the store refuse the result is checked before downloading.
        WeightStore.requireUsableName(entry.name());
        WeightDownloader.requireHttpUrl(entry.url());
        store.refuseExisting(entry.name(), replace);
        try {
            return switch (entry.kind()) {
                case WHOLE_FILE -> fetchWhole(entry, replace);
                case FEATURES_BY_RANGE -> fetchFeatures(entry, replace);
            };
        } catch (WeightDownloader.HostUnreachableException e) {
            throw new OfflineException(entry, e);
        }
    }

    private StoredWeights fetchWhole(KnownWeights.Entry entry, boolean replace) throws IOException {
        Path part = store.downloadsDir().resolve(partFileName(entry));
        String sha256 = downloader.download(entry.url(), part, entry.sha256Prefix());
        try {
            return store.add(part, entry.name(), sha256, entry.url().toString(), replace);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * The partial download's name: the remote file's name (so that a mirror's download resumes
     * too), or the entry's name when the URL's last segment is not a plain file name.
     */
    static String partFileName(KnownWeights.Entry entry) {
        String remote = entry.remoteFileName();
        return (remote.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,150}") ? remote : entry.name()) + ".part";
    }

    /**
     * Fetches the features and writes them to a temporary file of this run's own before the store takes it.
     * The file is one {@link AtomicFiles#temporarySibling} makes: its name is unique to this process (a
     * concurrent fetch of the same name never deletes this one's file, nor this one another's), it is
     * deleted on every failure here, by the shutdown hook on Ctrl-C, and as stale by a later write to the
     * folder after a kill. A fixed {@code NAME.safetensors.tmp} was left behind by an interrupted fetch.
     *
     * <p>No hash is published for a subset; an expected one given with the entry is checked against the
     * file written.
     */
    private StoredWeights fetchFeatures(KnownWeights.Entry entry, boolean replace) throws IOException {
        StateDict features = downloader.fetchTensors(entry.url(), k -> k.startsWith("features."));
        Files.createDirectories(store.downloadsDir());
        Path tmp = AtomicFiles.temporarySibling(store.downloadsDir().resolve(entry.name() + ".safetensors"));
        try {
            SafetensorsWriter.write(tmp, features, Map.of("source", entry.url().toString(), "subset", "features.*"));
            String sha256 = Sha256.of(tmp);
            String expected = entry.sha256Prefix().toLowerCase(java.util.Locale.ROOT);
            if (!sha256.startsWith(expected)) {
                throw new InvalidInputException("checksum mismatch for the features of " + entry.url() + ": expected "
                        + expected + ", got " + sha256 + "; nothing was stored");
            }
            return store.add(tmp, entry.name(), sha256, entry.url() + " (features.* only)", replace);
        } finally {
            AtomicFiles.discard(tmp); // also when the store moved it in: then there is nothing left to delete
        }
    }
}
