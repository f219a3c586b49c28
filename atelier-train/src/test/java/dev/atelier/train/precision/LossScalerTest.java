package dev.atelier.train.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dynamic loss scaling on hand-made fp16 gradients. */
class LossScalerTest {
    private static NDArray fp16(NDManager m, float... values) {
        return m.create(values).toType(DataType.FLOAT16, false);
    }

    @Test
    void anOverflowingStepIsSkippedAndHalvesTheScaleThenCleanStepsUnscaleAndGrowIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossScaler scaler = new LossScaler(1024, 3);
            // 70000 does not fit fp16 (max 65504): the cast gives +inf, as a scaled backward pass would
            Optional<List<NDArray>> overflow = scaler.unscale(List.of(fp16(m, 1, 2), fp16(m, 70000, 3)));
            assertThat(overflow).isEmpty();
            assertThat(scaler.scale()).isEqualTo(512);
            assertThat(scaler.skippedSteps()).isEqualTo(1);

            Optional<List<NDArray>> nan = scaler.unscale(List.of(fp16(m, Float.NaN)));
            assertThat(nan).isEmpty();
            assertThat(scaler.scale()).isEqualTo(256);
            assertThat(scaler.skippedSteps()).isEqualTo(2);

            // at scale 256, scaled gradients 256, -512 and 128 are the true gradients 1, -2 and 0.5
            Optional<List<NDArray>> clean = scaler.unscale(List.of(fp16(m, 256, -512), fp16(m, 128)));
            assertThat(clean).isPresent();
            assertThat(clean.get().get(0).getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(clean.get().get(0).toFloatArray()).containsExactly(1f, -2f);
            assertThat(clean.get().get(1).toFloatArray()).containsExactly(0.5f);
            assertThat(scaler.scale()).isEqualTo(256);

            scaler.unscale(List.of(fp16(m, 1)));
            assertThat(scaler.scale()).as("two clean steps of three: not yet").isEqualTo(256);
            scaler.unscale(List.of(fp16(m, 1)));
            assertThat(scaler.scale()).as("third clean step in a row doubles the scale").isEqualTo(512);
            assertThat(scaler.skippedSteps()).isEqualTo(2);
        }
    }

    @Test
    void anOverflowRestartsTheCountOfCleanSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossScaler scaler = new LossScaler(64, 2);
            scaler.unscale(List.of(fp16(m, 1)));
            scaler.unscale(List.of(fp16(m, Float.POSITIVE_INFINITY)));
            assertThat(scaler.scale()).isEqualTo(32);
            scaler.unscale(List.of(fp16(m, 1)));
            assertThat(scaler.scale()).as("one clean step since the overflow").isEqualTo(32);
            scaler.unscale(List.of(fp16(m, 1)));
            assertThat(scaler.scale()).isEqualTo(64);
        }
    }

    @Test
    void theScaleNeverFallsBelowOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            LossScaler scaler = new LossScaler(2, 10);
            for (int i = 0; i < 5; i++) {
                scaler.unscale(List.of(fp16(m, Float.NaN)));
            }
            assertThat(scaler.scale()).isEqualTo(LossScaler.MIN_SCALE);
            assertThat(scaler.skippedSteps()).isEqualTo(5);
        }
    }
}
