package dev.atelier.train.data;

/**
 * Training-time augmentation applied while a batch is built: a random crop of the image padded by
 * {@code padding} pixels of zeros on each side (torchvision's {@code RandomCrop(size, padding)}) and a
 * horizontal flip with probability ½. Which crop and flip each image gets depends only on the
 * loader's seed, the epoch and the image's position in it, so a resumed run sees the same images.
 *
 * @param padding pixels of zero padding on each side before cropping back to the original size; 0 = no crop
 * @param horizontalFlip whether to mirror half of the images left-right
 */
public record Augmentation(int padding, boolean horizontalFlip) {
    /** No augmentation: images are used as stored. */
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
    }

    /** The usual small-image recipe: pad 4 (scaled down for small images), crop, flip. */
    public static Augmentation cropAndFlip(int padding) {
        return new Augmentation(padding, true);
    }

    public boolean isNone() {
        return padding == 0 && !horizontalFlip;
    }
}
