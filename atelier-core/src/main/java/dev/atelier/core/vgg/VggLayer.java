package dev.atelier.core.vgg;

/**
 * One module of a VGG network's {@code features} stack, addressed as torchvision addresses it.
 *
 * @param index position in torchvision's {@code model.features} (the number in {@code features.N.weight})
 * @param name the conventional name: {@code conv3_2}, {@code bn3_2}, {@code relu3_2}, {@code pool3}
 * @param kind what the module computes
 * @param channels the number of channels of this layer's output
 */
public record VggLayer(int index, String name, Kind kind, int channels) {

    /** What a layer computes. */
    public enum Kind {
        /** 3x3 convolution, stride 1, padding 1, with bias. */
        CONV,
        /** Batch normalisation with running statistics (eval mode). */
        BATCH_NORM,
        /** Rectified linear unit. */
        RELU,
        /** 2x2 pooling with stride 2, max or average (see {@link PoolingMode}). */
        POOL
    }

    public VggLayer {
        if (index < 0) {
            throw new IllegalArgumentException("negative layer index " + index);
        }
        if (name == null || name.isEmpty() || kind == null || channels <= 0) {
            throw new IllegalArgumentException("incomplete layer: " + index + " " + name + " " + kind);
        }
    }

    @Override
    public String toString() {
        return name + " (" + index + ")";
    }
}
