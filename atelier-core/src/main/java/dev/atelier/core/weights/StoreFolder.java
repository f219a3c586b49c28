package dev.atelier.core.weights;

import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The store's weights folder and whose each file in it is: the weight files that index entries may name,
 * and the store's own bookkeeping (the index, its lock, the downloads folder, temporary files being
 * written). A file that is neither, and that no entry names, is a stray: one renamed into place by an
 * older Atelier that died before registering it, or anything else put there by hand.
 */
final class StoreFolder {
    private static final String INDEX = "index.json";
    private static final String LOCK = ".lock";
    private static final String DOWNLOADS = "downloads";
    /** The only file names the store writes: a usable name plus the format's extension. */
    private static final Pattern STORED_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(pth|safetensors)");

    private final Path dir;

    StoreFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path indexFile() {
        return dir.resolve(INDEX);
    }

    /** The file every writer of the index locks (see {@link dev.atelier.core.io.LockFile}). */
    Path lockFile() {
        return dir.resolve(LOCK);
    }

    Path downloadsDir() {
        return dir.resolve(DOWNLOADS);
    }

    /** Where the store keeps weights called {@code name} in {@code format}. */
    Path fileFor(String name, WeightFormat format) {
        return dir.resolve(name + (format == WeightFormat.SAFETENSORS ? ".safetensors" : ".pth"));
    }

    /**
     * The file {@code entry} names, or empty when it names something the store would never have
     * written: anything but {@code <name>.pth} or {@code <name>.safetensors} directly in the folder
     * (such as {@code ../../x} or an absolute path), or a symbolic link that leads outside the store.
     */
    Optional<Path> locate(StoredWeights entry) throws IOException {
        String file = entry.file();
        if (file == null || !STORED_FILE.matcher(file).matches()) {
            return Optional.empty();
        }
        Path path = dir.resolve(file).normalize();
        if (!path.getParent().equals(dir)) {
            return Optional.empty();
        }
        if (Files.exists(path) && !path.toRealPath().startsWith(dir.toRealPath())) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /**
     * What lies directly in the folder, other than folders and the store's own bookkeeping, sorted by name:
     * the stored weight files and any strays. Folders are left out (the store's only folder is
     * {@code downloads}, so any other is the user's); symbolic links count as themselves, never followed.
     * Empty when the folder does not exist yet.
     */
    List<Path> looseFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Optional<BasicFileAttributes> attributes = attributes(p);
                if (!isBookkeeping(p.getFileName().toString()) && attributes.isPresent()
                        && !attributes.get().isDirectory()) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        files.sort(Comparator.comparing(Path::getFileName));
        return files;
    }

    /** Temporary files of ours in the folder that no run will finish; see {@link AtomicFiles#staleTemporaryFiles}. */
    List<Path> staleTemporaryFiles() {
        List<Path> stale = new ArrayList<>(AtomicFiles.staleTemporaryFiles(dir));
        stale.sort(Comparator.comparing(Path::getFileName));
        return stale;
    }

    /** The size of {@code p} itself (of a link, not of what it points to); 0 when it is gone. */
    static long sizeOf(Path p) {
        return attributes(p).map(BasicFileAttributes::size).orElse(0L);
    }

    private static boolean isBookkeeping(String name) {
        return name.equals(INDEX) || name.equals(LOCK) || AtomicFiles.isTemporaryName(name);
    }

    /** What {@code p} is, without following a link; empty when it vanished while the folder was read. */
    private static Optional<BasicFileAttributes> attributes(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
