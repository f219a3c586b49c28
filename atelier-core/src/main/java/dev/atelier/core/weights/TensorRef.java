package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A pickled tensor before its storage's bytes are at hand: a strided view into a storage. PyTorch
 * tensors are (storage, offset, shape, strides); {@link #materialize} turns one into a contiguous
 * row-major {@link TensorData}.
 */
record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    TensorRef {
        if (shape.length != stride.length) {
            throw new InvalidInputException("tensor with shape " + Arrays.toString(shape) + " has strides "
                    + Arrays.toString(stride));
        }
    }

    /**
     * Copies (or slices, when already contiguous and little-endian) this view out of the storage.
     * Every size is computed exactly and checked against the storage before anything is copied; a
     * copy is claimed from {@code allowance} first, so that a view with zero strides cannot make a
     * tiny file allocate gigabytes.
     *
     * @param storageBytes all bytes of {@code storage().key()}
     * @param order the byte order the file was written in
     * @param name the tensor's key, for error messages
     * @param allowance the memory the file may still use
     */
    TensorData materialize(ByteBuffer storageBytes, ByteOrder order, String name, ReadAllowance allowance) {
        String what = "tensor '" + name + "'";
        TensorDType dtype = storage.dtype();
        int size = dtype.byteSize();
        long numel = DeclaredSize.numel(shape, what);
        long bytes = DeclaredSize.bytes(numel, dtype, what);
        long maxIndex = 0;
        for (int d = 0; d < shape.length; d++) {
            if (stride[d] < 0) {
                throw bad(name, "negative stride in " + Arrays.toString(stride));
            }
            if (shape[d] > 0) {
                try {
                    maxIndex = Math.addExact(maxIndex, Math.multiplyExact(shape[d] - 1, stride[d]));
                } catch (ArithmeticException e) {
                    throw bad(name, "its strides " + Arrays.toString(stride) + " reach beyond 2^63 elements");
                }
            }
        }
        if (offset < 0 || storage.elementOffset() < 0) {
            throw bad(name, "negative storage offset");
        }
        if (numel == 0) {
            return new TensorData(dtype, shape, ByteBuffer.allocate(0));
        }
        long start = DeclaredSize.add(storage.elementOffset(), offset, what);
        long last = DeclaredSize.add(start, maxIndex, what);
        long available = storageBytes.remaining() / size;
        if (last >= available) {
            throw bad(name, "its view reaches element " + last + " of a storage of " + available);
        }
        ByteBuffer src = storageBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out;
        if (isContiguous() && order == ByteOrder.LITTLE_ENDIAN) {
            // Inside the storage, hence inside one array: the int casts cannot overflow.
            out = src.position((int) (start * size)).limit((int) ((start + numel) * size)).slice();
        } else {
            allowance.claim(bytes, what);
            out = ByteBuffer.allocate((int) bytes);
            copyStrided(src, start, numel, size, order == ByteOrder.BIG_ENDIAN, out);
            out.flip();
        }
        return new TensorData(dtype, shape, out);
    }

    private boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private void copyStrided(ByteBuffer src, long start, long numel, int size, boolean swap, ByteBuffer out) {
        long[] index = new long[shape.length];
        byte[] element = new byte[size];
        for (long i = 0; i < numel; i++) {
            long pos = start;
            for (int d = 0; d < shape.length; d++) {
                pos += index[d] * stride[d];
            }
            src.get((int) (pos * size), element);
            if (swap) {
                for (int a = 0, b = size - 1; a < b; a++, b--) {
                    byte t = element[a];
                    element[a] = element[b];
                    element[b] = t;
                }
            }
            out.put(element);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    private static InvalidInputException bad(String name, String why) {
        return new InvalidInputException("tensor '" + name + "' cannot be read: " + why);
    }
}
