package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.io.LockFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local cache of weight files: {@code <root>/weights/<name>.<ext>} plus an {@code index.json}
 * recording each file's SHA-256, size, source and inferred architecture. Files enter the store only
 * whole (copied or downloaded to a temporary file, then renamed), and only after they have been read
 * successfully as weight files.
 *
 * <p>Several processes (and threads) may use one store at once. Every change of the index happens under
 * the store's lock ({@code weights/.lock}) on the index as read under that lock, and a file is renamed
 * into place and registered as one step (see {@link LockedIndex}), so no run loses another's entry and a
 * run cut short leaves nothing half-registered. Reading needs no lock: the index is replaced atomically.
 * What does end up in the folder unregistered (an older Atelier's leftovers, a file put there by hand) is
 * reported by {@link #strays()} and removed by {@link #removeLeftovers}.
 *
 * <p>The default root is, in order: system property {@code atelier.cache.dir}, environment variable
 * {@code ATELIER_CACHE}, {@code $XDG_CACHE_HOME/atelier}, {@code ~/.cache/atelier}.
 */
public final class WeightStore {
    /** System property that overrides the store's root folder (tests, packaged installs). */
    public static final String ROOT_PROPERTY = "atelier.cache.dir";
    /** Environment variable that overrides the store's root folder. */
    public static final String ROOT_ENV = "ATELIER_CACHE";
    /** System property: how many seconds a change of the store waits for another run's (default 60). */
    public static final String LOCK_TIMEOUT_PROPERTY = "atelier.weights.lockTimeout";
    /** Environment variable for the same wait, when the property is not set. */
    public static final String LOCK_TIMEOUT_ENV = "ATELIER_WEIGHTS_LOCK_TIMEOUT";

    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path root;
    private final StoreFolder folder;
    private final WeightIndex index;

    /** A store under {@code root} (created on first write). */
    public WeightStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.folder = new StoreFolder(this.root.resolve("weights"));
        this.index = new WeightIndex(folder.indexFile());
    }

    /** The store at {@link #defaultRoot()}. */
    public static WeightStore defaultStore() {
        return new WeightStore(defaultRoot());
    }

    /**
     * The store already holds weights under the name asked for, and replacing them was not allowed. The
     * message says only that: how to choose another name or allow the replacement is the caller's to say.
     */
    public static final class NameTakenException extends InvalidInputException {
        NameTakenException(String name) {
            super("the store already holds weights named '" + name + "'");
        }
    }

    /** Where the default store lives; see the class comment for the order of overrides. */
    public static Path defaultRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(ROOT_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "atelier");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "atelier");
    }

    public Path root() {
        return root;
    }

    /** The folder holding the stored files and the index. */
    public Path weightsDir() {
        return folder.dir();
    }

    /** Where partial downloads wait to be resumed. */
    public Path downloadsDir() {
        return folder.downloadsDir();
    }

    /** All entries, in the order they were added. */
    public List<StoredWeights> list() throws IOException {
        return index.load();
    }

    public Optional<StoredWeights> find(String name) throws IOException {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The stored file of {@code entry}.
     *
     * @throws InvalidInputException when the index names a file outside the store (see {@link #locate})
     */
    public Path pathOf(StoredWeights entry) throws IOException {
        return locate(entry).orElseThrow(() -> new InvalidInputException(outsideMessage(entry)));
    }

    /**
     * The stored file of {@code entry}, or empty when the index names something the store would
     * never have written: anything but {@code <name>.pth} or {@code <name>.safetensors} directly in
     * {@link #weightsDir()} (such as {@code ../../x} or an absolute path), or a symbolic link that
     * leads outside the store. A hand-edited or hostile index must not make Atelier read, replace or
     * delete a file elsewhere.
     */
    public Optional<Path> locate(StoredWeights entry) throws IOException {
        return folder.locate(entry);
    }

    private String outsideMessage(StoredWeights entry) {
        return "the store's index " + folder.indexFile() + " gives '" + entry.name() + "' the file '"
                + entry.file() + "', which is not a file inside the store; refusing to use it (remove that entry, or"
                + " fetch or import the weights again under that name, replacing it)";
    }

    /**
     * Copies {@code file} into the store under {@code name}, after checking that it reads as a
     * weight file.
     *
     * @param replace whether an existing entry of that name may be replaced
     * @throws NameTakenException when it may not and there is one (checked again under the store's lock)
     * @throws InvalidInputException when another run holds the store's lock for longer than the lock timeout
     *     ({@value #LOCK_TIMEOUT_PROPERTY})
     */
    public StoredWeights importFile(Path file, String name, boolean replace) throws IOException {
        InputFiles.requireRegularFile("weight file", file);
        requireUsableName(name);
        refuseExisting(name, replace);
        StateDict tensors = WeightFiles.read(file);
        WeightFormat format = WeightFormat.detect(file);
        Path target = folder.fileFor(name, format);
        // The copy, the long part, is made without the lock, so that runs wait for each other only to register.
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            MessageDigest md = Sha256.newDigest();
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                in.transferTo(out);
            }
            return register(tmp, new StoredWeights(name, target.getFileName().toString(), format.label(),
                    Sha256.hex(md), Files.size(tmp), file.toAbsolutePath().normalize().toString(),
                    ArchitectureDetector.infer(tensors), now()), replace);
        } finally {
            AtomicFiles.discard(tmp);
        }
    }

    /**
     * Moves a complete, already verified file (a finished download) into the store under
     * {@code name}, after checking that it reads as a weight file.
     *
     * @param sha256 the file's SHA-256, already computed by the caller while writing it
     * @param source where it came from (a URL)
     * @param replace whether an existing entry of that name may be replaced
     * @throws NameTakenException when it may not and there is one (checked again under the store's lock)
     * @throws InvalidInputException when another run holds the store's lock for longer than the lock timeout
     *     ({@value #LOCK_TIMEOUT_PROPERTY})
     */
    public StoredWeights add(Path file, String name, String sha256, String source, boolean replace) throws IOException {
        requireUsableName(name);
        refuseExisting(name, replace);
        StateDict tensors = WeightFiles.read(file);
        WeightFormat format = WeightFormat.detect(file);
        return register(file, new StoredWeights(name, folder.fileFor(name, format).getFileName().toString(),
                format.label(), sha256, Files.size(file), source, ArchitectureDetector.infer(tensors), now()), replace);
    }

    /**
     * Weights given as a name or a file: an existing file is read directly, otherwise a store entry of
     * that name.
     *
     * @throws InvalidInputException listing the stored names and how to add one, when neither exists
     */
    public ResolvedWeights resolve(String nameOrFile) throws IOException {
        Path asPath;
        try {
            asPath = Path.of(nameOrFile);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("'" + nameOrFile + "' is neither a weight file nor a stored name: " + e.getReason());
        }
        if (Files.isRegularFile(asPath)) {
            InputFiles.requireRegularFile("weight file", asPath);
            StateDict tensors = WeightFiles.read(asPath);
            return new ResolvedWeights(asPath.getFileName().toString(), asPath, Sha256.of(asPath), tensors);
        }
        Optional<StoredWeights> entry = find(nameOrFile);
        if (entry.isPresent()) {
            return load(entry.get());
        }
        if (Files.exists(asPath) || Files.isSymbolicLink(asPath)) {
            // A directory, a device or a pipe: say what it is rather than "no such file".
            throw new InvalidInputException(InputFiles.problem("weight file", asPath));
        }
        boolean looksLikePath = nameOrFile.contains("/") || nameOrFile.endsWith(".pth")
                || nameOrFile.endsWith(".safetensors");
        throw new InvalidInputException((looksLikePath ? "no such weight file: " + nameOrFile
                : "no weights named '" + nameOrFile + "' in the store (" + folder.dir() + ")") + "; stored: "
                + storedNames() + ". Fetch known weights into the store (" + String.join(", ", KnownWeights.names())
                + ") or import a weight file into it");
    }

    /**
     * Weights for {@code architecture}: the entry named exactly so, else the first entry whose
     * inferred architecture matches.
     */
    public Optional<ResolvedWeights> findFor(String architecture) throws IOException {
        List<StoredWeights> entries = list();
        Optional<StoredWeights> pick = entries.stream().filter(e -> e.name().equals(architecture)).findFirst()
                .or(() -> entries.stream().filter(e -> e.architecture().equals(architecture)).findFirst());
        return pick.isPresent() ? Optional.of(load(pick.get())) : Optional.empty();
    }

    /** The outcome of re-hashing one stored file. */
    public record Verification(StoredWeights entry, Status status, String actualSha256) {
        public enum Status {
            OK,
            MISMATCH,
            MISSING,
            /** The index names a file outside the store; it was not read. */
            OUTSIDE_STORE
        }
    }

    /**
     * Recomputes the SHA-256 of every stored file, or only of {@code name}'s.
     *
     * @throws InvalidInputException when {@code name} is given but not stored
     */
    public List<Verification> verify(Optional<String> name) throws IOException {
        List<StoredWeights> entries = list();
        if (name.isPresent()) {
            entries = entries.stream().filter(e -> e.name().equals(name.get())).collect(Collectors.toList());
            if (entries.isEmpty()) {
                throw new InvalidInputException("no weights named '" + name.get() + "' in the store; stored: " + storedNames());
            }
        }
        List<Verification> out = new ArrayList<>();
        for (StoredWeights e : entries) {
            Optional<Path> located = locate(e);
            if (located.isEmpty()) {
                out.add(new Verification(e, Verification.Status.OUTSIDE_STORE, ""));
                continue;
            }
            Path file = located.get();
            if (!Files.isRegularFile(file)) {
                out.add(new Verification(e, Verification.Status.MISSING, ""));
                continue;
            }
            String actual = Sha256.of(file);
            out.add(new Verification(e, actual.equals(e.sha256()) ? Verification.Status.OK : Verification.Status.MISMATCH,
                    actual));
        }
        return out;
    }

    /**
     * A file in the store's folder that nothing needs.
     *
     * @param size its size in bytes (of a symbolic link itself, not of what it points to)
     */
    public record Leftover(Path file, Kind kind, long size) {
        public enum Kind {
            /** Not named by the index and not the store's own: an unregistered file. */
            STRAY,
            /** A temporary file of ours that no run will finish: its writer was cut short. */
            STALE_TEMPORARY
        }
    }

    /**
     * The files directly in {@link #weightsDir()} that the index does not name and that are not the store's
     * own (the index, its lock, temporary files being written), sorted by name. Folders are not listed;
     * symbolic links are listed as themselves. Needs no lock, so that a read-only store can be checked.
     */
    public List<Leftover> strays() throws IOException {
        List<Path> loose = folder.looseFiles();
        // The index is read after the folder: a writer names a file in the index (as pending) before renaming
        // it into place, so every file listed that a writer put there is named by then.
        WeightIndex.Document document = index.loadDocument();
        Set<String> named = document.entries().stream().map(StoredWeights::file)
                .collect(Collectors.toCollection(HashSet::new));
        if (document.pending() != null) {
            named.add(document.pending().file());
        }
        return unnamed(loose, named);
    }

    /**
     * Deletes (or, with {@code dryRun}, only lists) the {@link #strays()} and the stale temporary files in
     * {@link #weightsDir()}, under the store's lock: never a file the index names, nothing outside that folder,
     * nothing in its subfolders, and never what a symbolic link points to (a stray link is deleted itself).
     *
     * @return what was (or would be) deleted: the strays, then the temporary files
     */
    public List<Leftover> removeLeftovers(boolean dryRun) throws IOException {
        if (!Files.isDirectory(folder.dir())) {
            return List.of();
        }
        try (LockedIndex locked = lockIndex()) {
            Set<String> named = locked.entries().stream().map(StoredWeights::file).collect(Collectors.toSet());
            List<Leftover> leftovers = new ArrayList<>(unnamed(folder.looseFiles(), named));
            for (Path tmp : folder.staleTemporaryFiles()) {
                leftovers.add(new Leftover(tmp, Leftover.Kind.STALE_TEMPORARY, StoreFolder.sizeOf(tmp)));
            }
            if (!dryRun) {
                for (Leftover leftover : leftovers) {
                    Files.deleteIfExists(leftover.file());
                }
            }
            return leftovers;
        }
    }

    private static List<Leftover> unnamed(List<Path> files, Set<String> named) {
        return files.stream().filter(p -> !named.contains(p.getFileName().toString()))
                .map(p -> new Leftover(p, Leftover.Kind.STRAY, StoreFolder.sizeOf(p))).toList();
    }

    private ResolvedWeights load(StoredWeights entry) throws IOException {
        Path file = pathOf(entry);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("the store lists '" + entry.name() + "' but its file " + file
                    + " is gone; fetch or import it again");
        }
        return new ResolvedWeights(entry.name(), file, entry.sha256(), WeightFiles.read(file));
    }

    private String storedNames() throws IOException {
        List<StoredWeights> entries = list();
        return entries.isEmpty() ? "(none)" : entries.stream().map(StoredWeights::name).collect(Collectors.joining(", "));
    }

    /** Refuses {@code name} when it is taken and may not be replaced: before a download too, not after it. */
    void refuseExisting(String name, boolean replace) throws IOException {
        if (!replace && find(name).isPresent()) {
            throw new NameTakenException(name);
        }
    }

    /** Moves {@code file} into place and records {@code entry}, as one step under the store's lock. */
    private StoredWeights register(Path file, StoredWeights entry, boolean replace) throws IOException {
        try (LockedIndex locked = lockIndex()) {
            // Asked again under the lock: another run may have taken the name since the caller's early check.
            if (!replace && locked.find(entry.name()).isPresent()) {
                throw new NameTakenException(entry.name());
            }
            locked.register(file, entry);
            return entry;
        }
    }

    private LockedIndex lockIndex() throws IOException {
        Duration timeout = Overrides.seconds(LOCK_TIMEOUT_PROPERTY, LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT);
        try {
            return LockedIndex.open(folder, index, timeout);
        } catch (LockFile.TimedOutException e) {
            throw new InvalidInputException("the weight store is busy: " + e.getMessage() + "; try again when that"
                    + " run has finished, or wait longer (" + LOCK_TIMEOUT_ENV + "=SECONDS)", e);
        }
    }

    /**
     * Checks that {@code name} can name stored weights (and their file): letters, digits, '.', '_'
     * and '-', starting with a letter or digit, at most 100 characters.
     *
     * @throws InvalidInputException when it cannot
     */
    public static void requireUsableName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("'" + name + "' is not a usable weight name: use letters, digits, '.', '_'"
                    + " and '-', starting with a letter or digit");
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
