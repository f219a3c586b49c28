package dev.atelier.train.data;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.limits.TrainingLimits;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image-classification data set laid out as one sub-folder per class ({@code DIR/cat/*.jpg},
 * {@code DIR/dog/*.png}), images of any size, decoded once and resized to a square working size.
 *
 * <p>If {@code DIR} has {@code train/} and {@code valid/} (or {@code test/}) sub-folders, those are the
 * two splits; otherwise a seeded random fraction of each class is held out for validation.
 */
public final class ImageFolder {
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** The training and validation images of a folder. */
    public record Splits(ImageSet train, ImageSet valid) {}

    private ImageFolder() {}

    /**
     * Reads {@code dir} at {@code size×size} with {@code channels} channels (1 = grey, 3 = RGB).
     *
     * @param validFraction share of each class held out when the folder has no train/valid split
     * @throws InvalidInputException when the folder has no classes or no readable images
     */
    public static Splits load(Path dir, int size, int channels, double validFraction, long seed) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(Files.exists(dir) ? dir + " is a file, not an image folder" : "image folder " + dir + " does not exist");
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("channels must be 1 or 3, got " + channels);
        }
        if (size <= 0) {
            throw new InvalidInputException("image size must be positive, got " + size);
        }
        Path valid = Files.isDirectory(dir.resolve("valid")) ? dir.resolve("valid") : dir.resolve("test");
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(valid)) {
            List<String> classes = classes(dir.resolve("train"));
            return new Splits(read(dir.resolve("train"), classes, size, channels),
                    read(valid, classes, size, channels));
        }
        if (!(validFraction > 0 && validFraction < 1)) {
            throw new InvalidInputException("validation fraction must be in (0, 1), got " + validFraction);
        }
        List<String> classes = classes(dir);
        List<Sample> train = new ArrayList<>();
        List<Sample> held = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int label = 0; label < classes.size(); label++) {
            List<Path> files = files(dir.resolve(classes.get(label)));
            List<Path> shuffled = new ArrayList<>(files);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Path t = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, t);
            }
            int nValid = (int) Math.round(shuffled.size() * validFraction);
            for (int i = 0; i < shuffled.size(); i++) {
                (i < nValid ? held : train).add(new Sample(shuffled.get(i), label));
            }
        }
        if (train.isEmpty() && held.isEmpty()) {
            throw noImages(dir);
        }
        if (held.isEmpty() || train.isEmpty()) {
            throw new InvalidInputException("image folder " + dir + " has too few images to hold out "
                    + validFraction + " for validation");
        }
        return new Splits(decode(train, classes, size, channels), decode(held, classes, size, channels));
    }

    private record Sample(Path file, int label) {}

    private static List<String> classes(Path dir) throws IOException {
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
        if (classes.size() < 2) {
            throw new InvalidInputException("image folder " + dir + " needs at least two class sub-folders, has "
                    + classes.size());
        }
        return classes;
    }

    private static List<Path> files(Path classDir) throws IOException {
        try (Stream<Path> s = Files.list(classDir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().toList();
        }
    }

    private static ImageSet read(Path dir, List<String> classes, int size, int channels)
            throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            if (!Files.isDirectory(classDir)) {
                throw new InvalidInputException(dir + " has no folder for class '" + classes.get(label) + "'");
            }
            for (Path f : files(classDir)) {
                samples.add(new Sample(f, label));
            }
        }
        if (samples.isEmpty()) {
            throw noImages(dir);
        }
        return decode(samples, classes, size, channels);
    }

    /** The same line for every empty folder: its class folders exist but hold no image file. */
    private static InvalidInputException noImages(Path dir) {
        return new InvalidInputException("image folder " + dir + " holds no images (expected " + EXTENSIONS
                + " files in its class folders)");
    }

    private static ImageSet decode(List<Sample> samples, List<String> classes, int size, int channels)
            throws IOException {
        if (samples.isEmpty()) {
            throw new InvalidInputException("no images found (expected " + EXTENSIONS + " files)");
        }
        long total = (long) samples.size() * channels * size * size;
        TrainingLimits.DATASET_BYTES.check(total, samples.size() + " images at " + size + "x" + size);
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(samples.size() + " images at " + size + "x" + size + " do not fit in one"
                    + " array (" + total + " bytes): use a smaller size");
        }
        int imageBytes = channels * size * size;
        byte[] pixels = new byte[(int) total];
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            BufferedImage img = readImage(s.file());
            BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, size, size, null);
            g.dispose();
            int base = i * imageBytes;
            int plane = size * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = scaled.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int gr = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    int p = y * size + x;
                    if (channels == 1) {
                        pixels[base + p] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                    } else {
                        pixels[base + p] = (byte) r;
                        pixels[base + plane + p] = (byte) gr;
                        pixels[base + 2 * plane + p] = (byte) b;
                    }
                }
            }
            labels[i] = s.label();
        }
        return new ImageSet(pixels, labels, channels, size, size, classes);
    }

    /**
     * Decodes one image after checking the size its header declares, so a small file that declares
     * 20000×20000 pixels is refused instead of allocating gigabytes.
     */
    private static BufferedImage readImage(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException("cannot decode image " + file + ": not a supported image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                TrainingLimits.IMAGE_PIXELS.check(pixels, file + " (" + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + ")");
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new InvalidInputException("cannot decode image " + file);
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("cannot decode image " + file + ": " + (e.getMessage() != null
                    ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }
}
