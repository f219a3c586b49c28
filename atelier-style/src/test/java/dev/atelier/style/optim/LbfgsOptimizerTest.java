package dev.atelier.style.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsOptimizerTest {

    /** Records every evaluated point, so tests can check the exact path taken. */
    private static final class Recorder implements OptimizationMonitor {
        final List<double[]> points = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();

        @Override
        public void onEvaluation(int evaluation, double loss, NDArray x) {
            assertThat(evaluation).isEqualTo(points.size() + 1);
            points.add(x.toDoubleArray());
            losses.add(loss);
        }
    }

    @Test
    void reachesRosenbrockMinimumWithStrongWolfe() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray start = m.create(new double[] {-1.2, 1.0});
            LbfgsOptimizer lbfgs = LbfgsOptimizer.builder()
                    .optMaxEvaluations(200)
                    .optToleranceGrad(1e-12)
                    .optToleranceChange(1e-20)
                    .build();
            OptimizationResult r = lbfgs.minimize(TestObjectives::rosenbrock, start, OptimizationMonitor.NONE);
            double[] x = r.best().toDoubleArray();
            assertThat(x[0]).isCloseTo(1.0, within(1e-6));
            assertThat(x[1]).isCloseTo(1.0, within(1e-6));
            assertThat(r.evaluations()).isLessThanOrEqualTo(200);
            assertThat(r.reason()).isNotEqualTo(StopReason.MAX_EVALUATIONS);
            assertThat(start.toDoubleArray()).containsExactly(-1.2, 1.0);
        }
    }

    @Test
    void gradientsBuiltFromJavaDataSurviveGarbageCollection() {
        // DJL backs an array created from Java data with a direct buffer that is freed once the array is
        // closed and collected; an optimiser that kept a view of it read freed memory and stopped early
        // (seen on CI only). Collecting garbage between evaluations makes that deterministic.
        Objective collecting = x -> {
            Evaluation e = TestObjectives.rosenbrock(x);
            System.gc();
            java.nio.ByteBuffer.allocateDirect(64).putDouble(0, 123456.0);
            return e;
        };
        try (NDManager m = NDManager.newBaseManager()) {
            OptimizationResult r = LbfgsOptimizer.builder().optMaxEvaluations(200).optToleranceGrad(1e-12)
                    .optToleranceChange(1e-20).build()
                    .minimize(collecting, m.create(new double[] {-1.2, 1.0}), OptimizationMonitor.NONE);
            assertThat(r.best().toDoubleArray()).containsExactly(new double[] {1, 1}, within(1e-6));
        }
    }

    @Test
    void fixedStepMatchesHandComputedFirstTwoSteps() {
        // f = ½(1·(x₁−1)² + 2·(x₂−1)² + 4·(x₃−1)²) from 0. g₀ = (−1,−2,−4), |g₀|₁ = 7, so the first step is
        // t = 1/7 along −g₀: x₁ = (1/7, 2/7, 4/7). The second step is the two-loop recursion with the one
        // pair s = x₁, y = g₁ − g₀ = (1/7, 4/7, 16/7); worked out in fractions it lands on
        // x₂ = (473, 800, 1016) / 949.
        try (NDManager m = NDManager.newBaseManager()) {
            Objective f = TestObjectives.diagonalQuadratic(new double[] {1, 2, 4}, new double[] {1, 1, 1});
            Recorder rec = new Recorder();
            LbfgsOptimizer.builder().optLineSearch(LineSearch.NONE).optMaxEvaluations(3).build()
                    .minimize(f, m.create(new double[] {0, 0, 0}), rec);
            assertThat(rec.points).hasSize(3);
            assertThat(rec.points.get(1)).containsExactly(new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0}, within(1e-12));
            assertThat(rec.points.get(2))
                    .containsExactly(new double[] {473 / 949.0, 800 / 949.0, 1016 / 949.0}, within(1e-12));
        }
    }

    @Test
    void findsExactMinimiserOfDiagonalQuadratic() {
        double[] a = {1, 10, 100, 0.5};
        double[] c = {3, -2, 0.25, 7};
        try (NDManager m = NDManager.newBaseManager()) {
            OptimizationResult r = LbfgsOptimizer.builder().optMaxEvaluations(50).optToleranceGrad(1e-12).optToleranceChange(1e-30).build()
                    .minimize(TestObjectives.diagonalQuadratic(a, c), m.create(new double[4]), OptimizationMonitor.NONE);
            assertThat(r.best().toDoubleArray()).containsExactly(c, within(1e-9));
            assertThat(r.bestLoss()).isLessThan(1e-18);
            assertThat(r.reason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        }
    }

    @Test
    void keepsShapeAndNeverExceedsTheBudget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray start = m.zeros(new Shape(2, 2), ai.djl.ndarray.types.DataType.FLOAT64);
            Recorder rec = new Recorder();
            OptimizationResult r = LbfgsOptimizer.builder().optMaxEvaluations(4).build().minimize(
                    TestObjectives.diagonalQuadratic(new double[] {1, 1e3, 1e-3, 5}, new double[] {1, 2, 3, 4}),
                    start, rec);
            assertThat(r.evaluations()).isEqualTo(4);
            assertThat(rec.points).hasSize(4);
            assertThat(r.reason()).isEqualTo(StopReason.MAX_EVALUATIONS);
            assertThat(r.best().getShape()).isEqualTo(new Shape(2, 2));
            assertThat(r.bestLoss()).isEqualTo(rec.losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        }
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheLastGoodPoint() {
        // A quadratic that turns to NaN beyond x = 0.5: the run must stop and return a point below it.
        Objective f = x -> {
            double v = x.toDoubleArray()[0];
            double loss = v > 0.5 ? Double.NaN : (v - 1) * (v - 1);
            return new Evaluation(loss, x.getManager().create(new double[] {2 * (v - 1)}));
        };
        try (NDManager m = NDManager.newBaseManager()) {
            OptimizationResult r = LbfgsOptimizer.builder().optLineSearch(LineSearch.NONE).optLearningRate(10).build()
                    .minimize(f, m.create(new double[] {0}), OptimizationMonitor.NONE);
            assertThat(r.reason()).isEqualTo(StopReason.NON_FINITE_LOSS);
            assertThat(r.best().toDoubleArray()[0]).isLessThanOrEqualTo(0.5);
            assertThat(r.bestLoss()).isFinite();
        }
    }

    @Test
    void stopsWhenTheMonitorAsks() {
        try (NDManager m = NDManager.newBaseManager()) {
            OptimizationMonitor stopAfterTwo = new OptimizationMonitor() {
                int seen;

                @Override
                public void onEvaluation(int evaluation, double loss, NDArray x) {
                    seen = evaluation;
                }

                @Override
                public boolean stopRequested() {
                    return seen >= 2;
                }
            };
            OptimizationResult r = LbfgsOptimizer.builder().build()
                    .minimize(TestObjectives::rosenbrock, m.create(new double[] {-1.2, 1}), stopAfterTwo);
            assertThat(r.reason()).isEqualTo(StopReason.STOPPED);
            assertThat(r.evaluations()).isEqualTo(2);
        }
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // φ(t) = (t − 2)² has φ(0)=4, φ'(0)=−4, φ(3)=1, φ'(3)=2; the interpolating cubic is φ itself.
        assertThat(StrongWolfeLineSearch.cubicInterpolate(0, 4, -4, 3, 1, 2)).isCloseTo(2.0, within(1e-12));
        // φ(t) = t³ − 3t has its local minimum at t = 1.
        assertThat(StrongWolfeLineSearch.cubicInterpolate(0, 0, -3, 2, 2, 9)).isCloseTo(1.0, within(1e-12));
    }
}
