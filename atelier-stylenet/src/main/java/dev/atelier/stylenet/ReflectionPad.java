package dev.atelier.stylenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Reflection padding (the border mirrored without repeating the edge pixel, as PyTorch's
 * {@code ReflectionPad2d}): zero padding would teach the network that a picture ends in black, and
 * it paints dark frames. Built from slices and flips, so it is differentiable on any engine.
 */
final class ReflectionPad {
    private ReflectionPad() {}

    /** {@code x (N, C, H, W)} padded by {@code p} on every side; needs {@code p < H} and {@code p < W}. */
    static NDArray of(NDArray x, int p) {
        return of(x, p, p, p, p);
    }

    /** {@code x} padded by the given amounts on each side (each below the size of its axis). */
    static NDArray of(NDArray x, int top, int bottom, int left, int right) {
        return along(along(x, 2, top, bottom), 3, left, right);
    }

    private static NDArray along(NDArray x, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        long n = x.getShape().get(axis);
        if (before >= n || after >= n) {
            throw new IllegalArgumentException("reflection padding of " + Math.max(before, after)
                    + " needs more than " + n + " pixels");
        }
        NDList parts = new NDList();
        if (before > 0) {
            parts.add(slice(x, axis, 1, before + 1).flip(axis));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(slice(x, axis, n - after - 1, n - 1).flip(axis));
        }
        return NDArrays.concat(parts, axis);
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return axis == 2 ? x.get(":, :, " + from + ":" + to + ", :") : x.get(":, :, :, " + from + ":" + to);
    }
}
