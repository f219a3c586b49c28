package dev.atelier.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.memory.AvailableMemory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Summaries read in slices agree with the engine's own double-precision reductions, past the 2 GiB copy limit. */
class TensorSummaryTest {
    @Test
    void aTensorOfSeveralSlicesSumsAsTheEngineDoesInDoublePrecision() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2.5 slices of values with a known largest one
            long n = TensorSummary.SLICE_BYTES / Float.BYTES * 5 / 2;
            NDArray a = m.randomUniform(-1f, 1f, new Shape(1, 5, n / 5));
            a.set(new ai.djl.ndarray.index.NDIndex("0, 3, 7"), 42f);
            TensorSummary s = TensorSummary.of(a);
            double engineSum = a.toType(DataType.FLOAT64, false).sum().getDouble();
            assertThat(s.count()).isEqualTo(n);
            assertThat(s.sum()).isCloseTo(engineSum, within(1e-9 * n));
            assertThat(s.max()).isEqualTo(42.0);
            assertThat(s.mean()).isCloseTo(engineSum / n, within(1e-12 * n));
        }
    }

    @Test
    void aTensorLargerThanTheEnginesTwoGigabyteCopyIsSummarised() {
        Assumptions.assumeTrue(AvailableMemory.nativeBytes() < 0 || AvailableMemory.nativeBytes() > (6L << 30),
                "needs 6 GiB of free memory for a 2.2 GB tensor");
        try (NDManager m = NDManager.newBaseManager()) {
            // 2.2 GB of ones: a single toFloatArray() of it fails inside the engine
            long n = 2 * ((Integer.MAX_VALUE / Float.BYTES) / 2 + (32L << 20));
            NDArray ones = m.ones(new Shape(1, 2, n / 2));
            TensorSummary s = TensorSummary.of(ones);
            assertThat(s.count()).isEqualTo(n);
            assertThat(s.sum()).isEqualTo((double) n);
            assertThat(s.max()).isEqualTo(1.0);
        }
    }
}
