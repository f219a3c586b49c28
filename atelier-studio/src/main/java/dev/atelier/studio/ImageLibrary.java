package dev.atelier.studio;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.image.ImageHeader;
import dev.atelier.core.io.AtomicFiles;
import dev.atelier.core.memory.DecodeBudget;
import dev.atelier.core.memory.MemoryBusyException;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The images a run can use: the built-in examples (bundled in the jar, copied into the data folder on
 * start) and uploads, each named by a reference such as {@code example:chelsea} or
 * {@code upload:3f2a...}.
 *
 * <p>An upload is accepted only if it is at most {@link UploadLimits#maxBytes()} long, its content (not
 * its name) is a PNG or JPEG, and the size its header declares is within {@link UploadLimits#maxPixels()}
 * (checked before any pixel is decoded). It is then decoded and stored re-encoded as PNG under a
 * generated name: nothing the client chose ever becomes part of a path. Decoding reserves its heap from
 * {@link DecodeBudget}: when other uploads hold it for longer than {@link #DECODE_WAIT}, the upload is
 * refused with a {@link MemoryBusyException} (the server answers 503 with {@code Retry-After}).
 *
 * <p>Every image also has a {@link #thumbnail} (at most {@value #THUMBNAIL} px on its long side) for the page's
 * gallery: an upload's is written with it, an example's on first request, both in {@code thumbs/}.
 */
public final class ImageLibrary {
    /** How long an upload waits for other uploads to give back the decoding heap before it is turned away. */
    static final Duration DECODE_WAIT = Duration.ofSeconds(3);
    /** The long side of a gallery thumbnail, in pixels. */
    static final int THUMBNAIL = 160;
    private static final String EXAMPLES = "/studio/examples/";
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern EXAMPLE_NAME = Pattern.compile("[a-z0-9-]+");

    /** One built-in example. */
    public record Example(String name, String kind, Path file) {
        public String ref() {
            return "example:" + name;
        }
    }

    /** A stored upload. */
    public record Upload(String id, int width, int height) {
        public String ref() {
            return "upload:" + id;
        }
    }

    private final Path uploads;
    private final Path thumbs;
    private final UploadLimits limits;
    private final List<Example> examples;

    /** Copies the bundled examples into {@code dataDir/examples} (once) and opens {@code dataDir/uploads}. */
    public ImageLibrary(Path dataDir, UploadLimits limits) throws IOException {
        this.uploads = dataDir.resolve("uploads");
        this.thumbs = dataDir.resolve("thumbs");
        this.limits = limits;
        Files.createDirectories(uploads);
        Files.createDirectories(thumbs);
        this.examples = extractExamples(dataDir.resolve("examples"));
    }

    private static List<Example> extractExamples(Path dir) throws IOException {
        List<Example> out = new ArrayList<>();
        String index;
        try (InputStream in = ImageLibrary.class.getResourceAsStream(EXAMPLES + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the studio's bundled examples are missing from the jar");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : index.split("\\R")) {
            String entry = line.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String kind = entry.substring(0, entry.indexOf('/'));
            String file = entry.substring(entry.indexOf('/') + 1);
            Path target = dir.resolve(kind).resolve(file);
            if (!Files.isRegularFile(target)) {
                try (InputStream in = ImageLibrary.class.getResourceAsStream(EXAMPLES + entry)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled example " + entry + " is missing from the jar");
                    }
                    AtomicFiles.write(target, in.readAllBytes());
                }
            }
            out.add(new Example(file.replaceFirst("\\.[^.]*$", ""), kind, target));
        }
        return List.copyOf(out);
    }

    public List<Example> examples() {
        return examples;
    }

    /**
     * Stores an upload read from {@code body}.
     *
     * @throws InvalidInputException (one line) when it is too long, not a PNG or JPEG, declares too many
     *     pixels, or is damaged
     */
    public Upload store(InputStream body) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path incoming = AtomicFiles.temporarySibling(uploads.resolve(id + ".incoming"));
        try {
            long n;
            try (OutputStream out = Files.newOutputStream(incoming)) {
                n = copyAtMost(body, out, limits.maxBytes());
            }
            if (n > limits.maxBytes()) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "upload refused: larger than the limit of %.1f MB", limits.maxBytes() / 1048576.0));
            }
            if (n == 0) {
                throw new InvalidInputException("upload refused: the file is empty");
            }
            ImageHeader header = declared(incoming);
            if (!header.format().equals("png") && !header.format().equals("jpeg")) {
                throw new InvalidInputException("upload refused: a " + header.format() + " image; give a PNG or JPEG");
            }
            if (header.pixels() > limits.maxPixels()) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "upload refused: it declares %dx%d pixels (%.1f MP), more than the studio's limit of %.1f MP",
                        header.width(), header.height(), header.pixels() / 1e6, limits.maxPixels() / 1e6));
            }
            // the decode, the float planes and the re-encode hold the heap together; an upload that would
            // have to wait long for other uploads to give it back is turned away (503) instead
            try (DecodeBudget.Reservation heap =
                    DecodeBudget.reserve("the upload", header.width(), header.height(), DECODE_WAIT)) {
                RgbImage image;
                try {
                    image = RgbImage.of(ImageFiles.read(incoming));
                } catch (MemoryBusyException e) {
                    throw e;
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("upload refused: the image is damaged or truncated");
                }
                // the thumbnail first: an upload listed is one the gallery can show
                writeThumbnail(image, thumbs.resolve("upload-" + id + ".png"));
                image.write(uploads.resolve(id + ".png"));
                return new Upload(id, image.width(), image.height());
            }
        } finally {
            AtomicFiles.discard(incoming);
        }
    }

    /** What the file's header declares, read without decoding any pixel and without the global size limit. */
    private static ImageHeader declared(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException("upload refused: not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageHeader(reader.getWidth(0), reader.getHeight(0),
                        reader.getFormatName().toLowerCase(Locale.ROOT));
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException("upload refused: the image is damaged or truncated");
            } finally {
                reader.dispose();
            }
        }
    }

    /** Copies at most {@code limit + 1} bytes: one more than allowed tells that the body was too long. */
    static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int r;
        while (total <= limit && (r = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            out.write(buffer, 0, r);
            total += r;
        }
        return total;
    }

    /**
     * The file a reference names.
     *
     * @throws InvalidInputException for a reference that names nothing stored
     */
    public Path resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidInputException("no image chosen");
        }
        if (ref.startsWith("example:")) {
            String name = ref.substring("example:".length());
            if (EXAMPLE_NAME.matcher(name).matches()) {
                for (Example e : examples) {
                    if (e.name().equals(name)) {
                        return e.file();
                    }
                }
            }
            throw new InvalidInputException("no built-in example named '" + name + "'");
        }
        if (ref.startsWith("upload:")) {
            String id = ref.substring("upload:".length());
            Path p = UPLOAD_ID.matcher(id).matches() ? uploads.resolve(id + ".png") : null;
            if (p == null || !Files.isRegularFile(p)) {
                throw new InvalidInputException("no upload with id '" + id + "'");
            }
            return p;
        }
        throw new InvalidInputException("image reference '" + ref + "' is neither example:NAME nor upload:ID");
    }

    /**
     * The uploads stored, newest first, each with the size its header declares.
     *
     * @throws IOException when the uploads folder cannot be listed
     */
    public List<Upload> uploads() throws IOException {
        List<Path> files;
        try (java.util.stream.Stream<Path> list = Files.list(uploads)) {
            files = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".png") && UPLOAD_ID.matcher(n.substring(0, n.length() - 4)).matches();
            }).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        Map<Path, Long> modified = new HashMap<>();
        for (Path f : files) {
            modified.put(f, Files.getLastModifiedTime(f).toMillis());
        }
        files.sort(Comparator.comparing((Path f) -> modified.get(f)).reversed()
                .thenComparing(f -> f.getFileName().toString()));
        List<Upload> out = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            try {
                ImageHeader h = declared(f);
                out.add(new Upload(n.substring(0, n.length() - 4), h.width(), h.height()));
            } catch (InvalidInputException damaged) {
                // not one the studio wrote: left out of the gallery rather than shown broken
            }
        }
        return out;
    }

    /**
     * The thumbnail of the image a reference names, made on first request (examples, and uploads stored
     * by a studio that did not make them).
     *
     * @throws InvalidInputException for a reference that names nothing stored
     */
    public Path thumbnail(String ref) throws IOException {
        Path source = resolve(ref);
        Path target = thumbs.resolve(ref.replace(':', '-') + ".png");
        synchronized (this) {
            if (!Files.isRegularFile(target)) {
                writeThumbnail(RgbImage.read(source), target);
            }
        }
        return target;
    }

    private static void writeThumbnail(RgbImage image, Path target) throws IOException {
        int[] t = dev.atelier.style.engine.StyleTransferEngine.outputSize(image.width(), image.height(),
                Math.min(THUMBNAIL, Math.max(image.width(), image.height())));
        image.resized(t[0], t[1]).write(target);
    }

    /** Reads the image a reference names. */
    public RgbImage read(String ref) {
        try {
            return RgbImage.read(resolve(ref));
        } catch (UncheckedIOException e) {
            throw new InvalidInputException("cannot read " + ref + ": " + e.getMessage());
        }
    }
}
