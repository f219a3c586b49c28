package dev.atelier.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedArraysTest {

    /** Collects garbage, then fills freshly allocated native memory with junk so freed memory reads wrong. */
    private static List<ByteBuffer> collectAndScribble() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            while (b.remaining() >= 4) {
                b.putFloat(-12345f);
            }
            junk.add(b);
        }
        return junk;
    }

    @Test
    void aViewOutlivesTheArrayItCameFrom() {
        float[] data = new float[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = OwnedArrays.of(m, data, new Shape(32, 32));
            NDArray view = a.reshape(-1);
            a.close();
            List<ByteBuffer> junk = collectAndScribble();
            assertThat(view.toFloatArray()).containsExactly(data);
            assertThat(junk).hasSize(64);
        }
    }

    @Test
    void gradientsOfScalarArithmeticSurviveCollection() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = OwnedArrays.of(m, new float[] {1, 2, 2.5f, 4});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // d/dx Σ max(x·3 / 2, 4.5)^2 = 2·max(1.5x, 4.5)·1.5 where 1.5x > 4.5, else 0
                NDArray y = ScalarArithmetic.power(ScalarArithmetic.atLeast(
                        ScalarArithmetic.over(ScalarArithmetic.times(x, 3), 2), 4.5), 2).sum();
                List<ByteBuffer> junk = collectAndScribble();
                gc.backward(y);
                assertThat(junk).isNotEmpty();
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(new float[] {0, 0, 0, 18}, within(1e-5f));
        }
    }

    @Test
    void scalarsTakeTheDataTypeOfTheirNeighbour() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = OwnedArrays.of(m, new double[] {1});
            NDArray h = OwnedArrays.of(m, new float[] {1}).toType(DataType.FLOAT16, true);
            assertThat(OwnedArrays.scalar(d, 0.1).getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(OwnedArrays.scalar(d, 0.1).getDouble()).isEqualTo(0.1);
            assertThat(OwnedArrays.scalar(h, 2).getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(OwnedArrays.of(m, new long[] {7, 9}, new Shape(2)).toLongArray()).containsExactly(7, 9);
            assertThat(OwnedArrays.of(m, new int[] {7}, new Shape(1, 1)).getShape()).isEqualTo(new Shape(1, 1));
        }
    }
}
