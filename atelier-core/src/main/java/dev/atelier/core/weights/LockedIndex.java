package dev.atelier.core.weights;

import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's index while this thread holds the store's lock. It is read under the lock, so what a
 * writer changes is based on the latest index, and no other writer (another process, or another thread)
 * changes the index or the weight files in the folder until it is closed.
 *
 * <p>Opening it first settles a registration that a writer cut short left pending (see
 * {@link #register}): finished if its file was renamed into place, forgotten otherwise.
 */
final class LockedIndex implements AutoCloseable {
    private final StoreFolder folder;
    private final WeightIndex index;
    private final LockFile lock;
    private List<StoredWeights> entries;

    private LockedIndex(StoreFolder folder, WeightIndex index, LockFile lock) {
        this.folder = folder;
        this.index = index;
        this.lock = lock;
    }

    /**
     * Takes the store's lock, waiting at most {@code timeout}, and reads the index.
     *
     * @throws LockFile.TimedOutException when another writer holds the lock longer than that
     */
    static LockedIndex open(StoreFolder folder, WeightIndex index, Duration timeout) throws IOException {
        Files.createDirectories(folder.dir());
        LockFile lock = LockFile.acquire(folder.lockFile(), timeout);
        try {
            LockedIndex locked = new LockedIndex(folder, index, lock);
            locked.settlePending();
            return locked;
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The entries, as they are now. */
    List<StoredWeights> entries() {
        return List.copyOf(entries);
    }

    Optional<StoredWeights> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * Renames {@code file} into place as {@code entry}'s file and records {@code entry}, replacing an entry of
     * the same name, as one step: the index names {@code entry} as pending before the rename and records it
     * after, so a writer killed at any point leaves either {@code file} unmoved and nothing registered, or a
     * pending entry whose renamed file the next {@link #open} registers.
     *
     * @param file a complete weight file on the store's file system (a temporary file, a finished download)
     */
    void register(Path file, StoredWeights entry) throws IOException {
        index.save(entries, entry);
        AtomicFiles.moveIntoPlace(file, folder.dir().resolve(entry.file()));
        record(entry);
    }

    private void settlePending() throws IOException {
        WeightIndex.Document document = index.loadDocument();
        entries = document.entries();
        StoredWeights pending = document.pending();
        if (pending == null) {
            return;
        }
        if (isInPlace(pending)) {
            record(pending);
        } else {
            index.save(entries, null);
        }
    }

    /**
     * Whether the pending entry's file is the one its writer renamed into place: when the writer died before
     * the rename, the file is missing, or is the old one of the entry it was replacing.
     */
    private boolean isInPlace(StoredWeights pending) throws IOException {
        Optional<Path> file = folder.locate(pending);
        return file.isPresent() && Files.isRegularFile(file.get(), LinkOption.NOFOLLOW_LINKS)
                && Sha256.of(file.get()).equals(pending.sha256());
    }

    private void record(StoredWeights entry) throws IOException {
        List<StoredWeights> kept = new ArrayList<>();
        List<StoredWeights> replaced = new ArrayList<>();
        for (StoredWeights e : entries) {
            (e.name().equals(entry.name()) ? replaced : kept).add(e);
        }
        kept.add(entry);
        index.save(kept, null);
        entries = kept;
        // The replaced entry's old file (under another extension) goes only now that the index no longer names
        // it: dying before this line leaves a stray for garbage collection, never an entry without its file.
        for (StoredWeights old : replaced) {
            if (kept.stream().noneMatch(k -> k.file().equals(old.file()))) {
                Optional<Path> oldFile = folder.locate(old);
                if (oldFile.isPresent() && Files.isRegularFile(oldFile.get(), LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(oldFile.get());
                }
            }
        }
    }

    /** Releases the store's lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
