package dev.atelier.studio;

import dev.atelier.core.device.ActiveDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.stylenet.StyleNetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The style networks the studio paints with in instant mode: the {@code .stylenet} files of the folder
 * {@code atelier studio --nets DIR} names ({@code net:NAME}, NAME the file name without its extension) and the
 * networks uploaded through the page ({@code net-upload:HEX32}, kept in {@code DATA/nets/}).
 *
 * <p>An upload is read up to the studio's upload limit and no further, then read as a network by
 * {@link StyleNetFile#read} (which trusts nothing in the file) before it is kept: a file that is not a usable
 * network is refused with {@link StyleNetFile}'s one line, the server's temporary path replaced by the words
 * "the uploaded file". References are matched against fixed patterns before any path is built.
 */
final class StyleNetShelf {
    /** The extension a network file has. */
    static final String EXTENSION = ".stylenet";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");

    private final Path folder;
    private final Path uploads;
    private final long maxBytes;

    /**
     * One network the page can choose.
     *
     * @param ref {@code net:NAME} or {@code net-upload:ID}
     * @param name what the page shows
     * @param bytes the file's length
     */
    record Entry(String ref, String name, long bytes) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", ref);
            m.put("name", name);
            m.put("bytes", bytes);
            return m;
        }
    }

    /**
     * @param folder the {@code --nets} folder, or null for none
     * @param dataDir the studio's data folder (uploads go to {@code nets/} in it)
     * @param maxBytes the largest upload accepted
     */
    StyleNetShelf(Path folder, Path dataDir, long maxBytes) throws IOException {
        this.folder = folder;
        this.uploads = dataDir.resolve("nets");
        this.maxBytes = maxBytes;
        Files.createDirectories(uploads);
    }

    /** The networks of the {@code --nets} folder by name, then the uploads, newest first. */
    List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (folder != null && Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.sorted().toList()) {
                    String n = f.getFileName().toString();
                    String name = n.endsWith(EXTENSION) ? n.substring(0, n.length() - EXTENSION.length()) : null;
                    if (name != null && NAME.matcher(name).matches() && Files.isRegularFile(f)) {
                        out.add(new Entry("net:" + name, name, Files.size(f)));
                    }
                }
            }
        }
        List<Path> up;
        try (Stream<Path> files = Files.list(uploads)) {
            up = files.filter(f -> isUploadFile(f.getFileName().toString())).collect(
                    java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        Map<Path, Long> modified = new LinkedHashMap<>();
        for (Path f : up) {
            modified.put(f, Files.getLastModifiedTime(f).toMillis());
        }
        up.sort(Comparator.comparing((Path f) -> modified.get(f)).reversed());
        for (Path f : up) {
            String id = f.getFileName().toString().substring(0, 32);
            out.add(new Entry("net-upload:" + id, uploadName(id), Files.size(f)));
        }
        return out;
    }

    private static boolean isUploadFile(String n) {
        return n.endsWith(EXTENSION) && n.length() == 32 + EXTENSION.length() && UPLOAD_ID.matcher(n.substring(0, 32)).matches();
    }

    /** The name an upload was given, or its id's start when it was given none. */
    private String uploadName(String id) {
        Path label = uploads.resolve(id + ".name");
        try {
            if (Files.isRegularFile(label)) {
                return Files.readString(label, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // the label is only for show: the id's start says which upload it is
        }
        return "upload " + id.substring(0, 8);
    }

    /**
     * Keeps an uploaded network, once {@link StyleNetFile#read} accepts it.
     *
     * @param name the file name the page gives, only shown (reduced to safe characters)
     * @throws InvalidInputException (one line) when it is empty, too long or not a usable network
     */
    Entry store(InputStream body, String name) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path target = uploads.resolve(id + EXTENSION);
        Path incoming = AtomicFiles.temporarySibling(target);
        try {
            long n;
            try (OutputStream out = Files.newOutputStream(incoming)) {
                n = ImageLibrary.copyAtMost(body, out, maxBytes);
            }
            if (n > maxBytes) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "network refused: larger than the limit of %.1f MB", maxBytes / 1048576.0));
            }
            if (n == 0) {
                throw new InvalidInputException("network refused: the file is empty");
            }
            check(incoming);
            String shown = shownName(name);
            Files.writeString(uploads.resolve(id + ".name"), shown.isEmpty() ? "upload " + id.substring(0, 8) : shown,
                    StandardCharsets.UTF_8);
            Files.move(incoming, target);
            return new Entry("net-upload:" + id, uploadName(id), n);
        } finally {
            AtomicFiles.discard(incoming);
        }
    }

    /** Reads {@code file} as a network and lets it go: a refusal names "the uploaded file", not a server path. */
    private static void check(Path file) throws IOException {
        try (NDManager m = ActiveDevice.newManager()) {
            StyleNetFile.read(file, m);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("network refused: " + e.getMessage().replace(file.toString(), "the uploaded file"));
        } catch (IOException e) {
            throw new InvalidInputException("network refused: the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String shownName(String name) {
        if (name == null) {
            return "";
        }
        String base = name.replaceFirst("(?i)\\.stylenet$", "").replaceAll("[^A-Za-z0-9 ._-]", "").trim();
        return base.length() > 60 ? base.substring(0, 60) : base;
    }

    /**
     * The file a reference names.
     *
     * @throws InvalidInputException for a reference that names no network here
     */
    Path resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidInputException("choose a style network");
        }
        if (ref.startsWith("net:")) {
            String name = ref.substring("net:".length());
            if (folder != null && NAME.matcher(name).matches()) {
                Path f = folder.resolve(name + EXTENSION);
                if (Files.isRegularFile(f)) {
                    return f;
                }
            }
            throw new InvalidInputException("no style network named '" + name + "'"
                    + (folder == null ? " (the studio was started without a networks folder)" : ""));
        }
        if (ref.startsWith("net-upload:")) {
            String id = ref.substring("net-upload:".length());
            Path f = UPLOAD_ID.matcher(id).matches() ? uploads.resolve(id + EXTENSION) : null;
            if (f == null || !Files.isRegularFile(f)) {
                throw new InvalidInputException("no uploaded style network with id '" + id + "'");
            }
            return f;
        }
        throw new InvalidInputException("style network reference '" + ref + "' is neither net:NAME nor net-upload:ID");
    }

    /**
     * Reads the network {@code ref} names into {@code manager}.
     *
     * @throws InvalidInputException for a bad reference, or a file that is not a usable network (its name, not
     *     the server's path)
     */
    StyleNetFile.Loaded load(String ref, NDManager manager) throws IOException {
        Path f = resolve(ref);
        try {
            return StyleNetFile.read(f, manager);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage().replace(f.toString(), ref));
        }
    }
}
