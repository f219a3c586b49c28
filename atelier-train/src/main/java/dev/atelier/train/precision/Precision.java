package dev.atelier.train.precision;

import ai.djl.ndarray.types.DataType;
import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The arithmetic a model's forward and backward passes run in (fastai's {@code learn.half()}).
 * Master weights, optimizer state and batch-norm statistics stay in fp32 whatever is chosen; see
 * {@link MixedPrecisionParameters}.
 */
public enum Precision {
    /** Single precision throughout. */
    FP32("fp32", DataType.FLOAT32),
    /** bfloat16 compute: fp32's range, 8 bits of mantissa; needs no loss scaling. */
    BF16("bf16", DataType.BFLOAT16),
    /** IEEE half compute: 5 exponent bits, so gradients need dynamic loss scaling ({@link LossScaler}). */
    FP16("fp16", DataType.FLOAT16);

    private final String label;
    private final DataType dataType;

    Precision(String label, DataType dataType) {
        this.label = label;
        this.dataType = dataType;
    }

    /** {@code fp32}, {@code bf16} or {@code fp16}. */
    public String label() {
        return label;
    }

    /** The engine's data type of the compute. */
    public DataType dataType() {
        return dataType;
    }

    /** True if gradients can underflow without a loss scale (only fp16). */
    public boolean needsLossScaling() {
        return this == FP16;
    }

    /** Parses a {@link #label()}, case-insensitively. */
    public static Precision parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.label.equals(s)) {
                return p;
            }
        }
        throw new InvalidInputException("unknown precision '" + text + "' (expected "
                + String.join(", ", Arrays.stream(values()).map(Precision::label).toList()) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
