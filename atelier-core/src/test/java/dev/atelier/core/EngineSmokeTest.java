package dev.atelier.core;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class EngineSmokeTest {
    @Test
    void pytorchEngineAddsOffline() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(m.getEngine().getEngineName()).isEqualTo("PyTorch");
            assertThat(m.create(new float[] {1, 2}).sum().getFloat()).isEqualTo(3f);
        }
    }
}
