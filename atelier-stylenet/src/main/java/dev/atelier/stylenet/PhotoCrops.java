package dev.atelier.stylenet;

import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import dev.atelier.train.data.ImageSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The training photos as square crops held in memory as bytes, at two sides: the training's crop side and
 * half of it (the first phase's small crops). Each photo is scaled so its short side is the paint size
 * (the size of the pictures the network is for), then crops are cut from it along both sides: one in the
 * middle where the spare length is short, one at each end where it is longer, and one between them where
 * it is longer than a crop. Both sides' crops are cut at the paint scale, never resized, so every phase
 * sees the photos' detail at the scale the style is matched to; and bytes, because that is what the
 * Learner's batches are built from.
 */
public final class PhotoCrops {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private final List<Path> files;
    private final ImageSet images;
    private final ImageSet small;

    private PhotoCrops(List<Path> files, ImageSet images, ImageSet small) {
        this.files = List.copyOf(files);
        this.images = images;
        this.small = small;
    }

    /** The pictures (JPEG or PNG) directly in {@code folder}, sorted by name. */
    public static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("photo folder " + folder + " does not exist or is not a folder");
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException("photo folder " + folder + " holds no JPEG or PNG pictures");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Crops of side {@code size} (and half of it) of every file of {@code files}, scaled to {@code size}. */
    public static PhotoCrops of(List<Path> files, int size) {
        return of(files, size, size);
    }

    /**
     * Crops of side {@code size} and {@code size / 2} of every file of {@code files}, scaled so its short
     * side is {@code paintSize}.
     *
     * @throws IllegalArgumentException if {@code paintSize} is below {@code size}
     */
    public static PhotoCrops of(List<Path> files, int size, int paintSize) {
        if (paintSize < size) {
            throw new IllegalArgumentException("paint size " + paintSize + " is below the crop size " + size);
        }
        List<byte[]> crops = new ArrayList<>();
        List<byte[]> smallCrops = new ArrayList<>();
        for (Path f : files) {
            RgbImage photo = RgbImage.read(f);
            double s = paintSize / (double) Math.min(photo.width(), photo.height());
            int w = Math.max(paintSize, (int) Math.round(photo.width() * s));
            int h = Math.max(paintSize, (int) Math.round(photo.height() * s));
            RgbImage scaled = photo.resized(w, h);
            cut(scaled, size, crops);
            cut(scaled, size / 2, smallCrops);
        }
        return new PhotoCrops(files, imageSet(crops, size), imageSet(smallCrops, size / 2));
    }

    /** Adds the crops of side {@code size} of {@code image} to {@code out}, row by row. */
    private static void cut(RgbImage image, int size, List<byte[]> out) {
        for (int y : offsets(image.height() - size, size)) {
            for (int x : offsets(image.width() - size, size)) {
                out.add(bytes(image, x, y, size));
            }
        }
    }

    /** Where crops of side {@code size} start along a side {@code spare} pixels longer than one crop. */
    static List<Integer> offsets(int spare, int size) {
        return spare < size / 4 ? List.of(spare / 2) : spare < size ? List.of(0, spare) : List.of(0, spare / 2, spare);
    }

    private static ImageSet imageSet(List<byte[]> crops, int size) {
        int plane = 3 * size * size;
        byte[] all = new byte[crops.size() * plane];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, all, i * plane, plane);
        }
        return new ImageSet(all, new int[crops.size()], 3, size, size, List.of("photo"));
    }

    private static byte[] bytes(RgbImage image, int x0, int y0, int size) {
        byte[] out = new byte[3 * size * size];
        float[] p = image.pixels();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = p[(c * image.height() + y0 + y) * image.width() + x0 + x];
                    out[(c * size + y) * size + x] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
            }
        }
        return out;
    }

    /** The photos the crops were cut from. */
    public List<Path> files() {
        return files;
    }

    /** The crops, channel-first bytes, all labelled 0. */
    public ImageSet images() {
        return images;
    }

    /** The half-side crops (the first phase's), cut at the same scale, channel-first bytes, all labelled 0. */
    public ImageSet smallImages() {
        return small;
    }

    /** How many crops. */
    public int size() {
        return images.size();
    }
}
