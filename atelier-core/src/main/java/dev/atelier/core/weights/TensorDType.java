package dev.atelier.core.weights;

/** Element types a weight file may hold, with their size in bytes. */
public enum TensorDType {
    FLOAT32(4),
    FLOAT64(8),
    FLOAT16(2),
    BFLOAT16(2),
    INT64(8),
    INT32(4),
    INT16(2),
    INT8(1),
    UINT8(1),
    BOOL(1);

    private final int byteSize;

    TensorDType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }
}
