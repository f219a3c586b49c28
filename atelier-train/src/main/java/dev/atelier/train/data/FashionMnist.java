package dev.atelier.train.data;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao et al. 2017): 60,000 training and 10,000 test greyscale 28×28 images of 10
 * clothing classes, read from the four IDX files (gzip or raw) of a folder.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, indexed by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Which half of the data set. */
    public enum Split {
        TRAIN("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        TEST("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

        private final String images;
        private final String labels;

        Split(String images, String labels) {
            this.images = images;
            this.labels = labels;
        }

        /** Base name of the image file, without {@code .gz}. */
        public String imagesFile() {
            return images;
        }

        /** Base name of the label file, without {@code .gz}. */
        public String labelsFile() {
            return labels;
        }
    }

    /** The four IDX base names, without {@code .gz}. */
    public static final List<String> FILES = List.of(Split.TRAIN.images, Split.TRAIN.labels, Split.TEST.images,
            Split.TEST.labels);

    private FashionMnist() {}

    /** Whether {@code dir} holds all four files (each gzip or raw). */
    public static boolean isComplete(Path dir) {
        return FILES.stream().allMatch(name -> find(dir, name).isPresent());
    }

    /**
     * Reads one split from {@code dir}.
     *
     * @throws InvalidInputException when a file is missing, holds no images, or its images and labels
     *     disagree; the message names the file
     */
    public static ImageSet load(Path dir, Split split) throws IOException {
        Path imagesFile = require(dir, split.images);
        Path labelsFile = require(dir, split.labels);
        IdxFile images = IdxFile.read(imagesFile);
        IdxFile labels = IdxFile.read(labelsFile);
        int[] dims = images.dims();
        if (dims.length != 3) {
            throw new InvalidInputException(imagesFile + " must hold N×H×W images, has dims " + Arrays.toString(dims));
        }
        // an empty set would only fail later, as a NaN standard deviation deep in the normalisation
        if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0) {
            throw new InvalidInputException(imagesFile + " holds no images (its IDX header declares "
                    + Arrays.toString(dims) + "); give the complete Fashion-MNIST files");
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new InvalidInputException(labelsFile + " has " + Arrays.toString(labels.dims())
                    + " labels for the " + images.count() + " images of " + imagesFile);
        }
        byte[] raw = labels.data();
        int[] classes = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            classes[i] = raw[i] & 0xff;
            if (classes[i] >= CLASSES.size()) {
                throw new InvalidInputException(labelsFile + " holds label " + classes[i] + " at " + i
                        + "; Fashion-MNIST has 10 classes");
            }
        }
        return new ImageSet(images.data(), classes, 1, dims[1], dims[2], CLASSES);
    }

    /** The file for {@code baseName} in {@code dir}: the {@code .gz} one if present, else the raw one. */
    static Optional<Path> find(Path dir, String baseName) {
        Path gz = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(baseName);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    private static Path require(Path dir, String baseName) {
        return find(dir, baseName).orElseThrow(() -> new InvalidInputException("no Fashion-MNIST file "
                + baseName + "(.gz) in " + dir + "; give a folder with the four IDX files"));
    }
}
