package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.Augmentation;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The values of {@code --augment}: which of random crop and mirror flip training uses. */
public enum AugmentMode {
    CROP_FLIP("crop-flip", true, true),
    CROP("crop", true, false),
    FLIP("flip", false, true),
    NONE("none", false, false);

    private final String label;
    private final boolean crop;
    private final boolean flip;

    AugmentMode(String label, boolean crop, boolean flip) {
        this.label = label;
        this.crop = crop;
        this.flip = flip;
    }

    /** The augmentation, with {@code padding} pixels of zero padding for the random crop. */
    public Augmentation augmentation(int padding) {
        return crop || flip ? new Augmentation(crop ? padding : 0, flip) : Augmentation.NONE;
    }

    static AugmentMode parse(String text) {
        for (AugmentMode m : values()) {
            if (m.label.equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException("unknown --augment '" + text + "' (expected "
                + Arrays.stream(values()).map(m -> m.label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
