package dev.atelier.style.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamPixelOptimizerTest {
    @Test
    void firstStepMovesEveryCoordinateByTheLearningRateAgainstItsGradientSign() {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g|+ε) ≈ lr·sign(g), whatever |g| is.
        List<double[]> points = new ArrayList<>();
        OptimizationMonitor rec = new OptimizationMonitor() {
            @Override
            public void onEvaluation(int evaluation, double loss, NDArray x) {
                points.add(x.toDoubleArray());
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            AdamPixelOptimizer.builder().optLearningRate(0.1).optMaxEvaluations(2).build().minimize(
                    TestObjectives.diagonalQuadratic(new double[] {1, 1000, 0.001}, new double[] {1, -1, 1}),
                    m.create(new double[] {0, 0, 0}), rec);
        }
        assertThat(points.get(1)).containsExactly(new double[] {0.1, -0.1, 0.1}, within(1e-6));
    }

    @Test
    void convergesOnADiagonalQuadratic() {
        try (NDManager m = NDManager.newBaseManager()) {
            OptimizationResult r = AdamPixelOptimizer.builder().optLearningRate(0.05).optMaxEvaluations(2000).build()
                    .minimize(TestObjectives.diagonalQuadratic(new double[] {1, 4}, new double[] {0.5, -0.5}),
                            m.create(new double[] {0, 0}), OptimizationMonitor.NONE);
            assertThat(r.best().toDoubleArray()).containsExactly(new double[] {0.5, -0.5}, within(1e-3));
            assertThat(r.evaluations()).isEqualTo(2000);
            assertThat(r.reason()).isEqualTo(StopReason.MAX_EVALUATIONS);
        }
    }
}
