package dev.atelier.style.harmonize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.style.optim.Evaluation;
import dev.atelier.style.optim.LineSearch;
import dev.atelier.style.optim.Objective;
import dev.atelier.style.optim.StopReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pass optimiser's gradient mask and explosion guard on small objectives: pixels outside the mask keep
 * their starting values bit for bit, and a forced bad step restores the best image, restarts and is reported.
 */
class PassOptimizerGuardTest {
    private static final int W = 8;
    private static final int H = 6;
    private static final Shape SHAPE = new Shape(1, 3, H, W);

    /** Left half outside, right half inside. */
    private static GradientMask rightHalf() {
        float[] m = new float[W * H];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % W >= W / 2 ? 1f : 0f;
        }
        return new GradientMask(m, W, H);
    }

    private static float[] start() {
        float[] v = new float[3 * W * H];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.37) * 0.8f;
        }
        return v;
    }

    /**
     * Σ (x − 0.5)⁴ + (x − 0.5)², with {@code calls} counting evaluations and the loss forced to {@code 1e9} at
     * {@code badCall}.
     */
    private static Objective quadratic(int[] calls, int badCall) {
        return x -> {
            calls[0]++;
            NDArray d = x.sub(0.5f);
            double loss = d.pow(4).add(d.square()).sum().toType(DataType.FLOAT64, false).getDouble();
            NDArray g = d.pow(3).mul(4).add(d.mul(2));
            d.close();
            return new Evaluation(calls[0] == badCall ? 1e9 : loss, g);
        };
    }

    private static PassOptimizer optimizer(List<Integer> scales) {
        HarmonizationListener listener = new HarmonizationListener() {
            @Override
            public void onEvaluation(dev.atelier.style.engine.LossPoint point) {
                scales.add(point.evaluation());
            }
        };
        return new PassOptimizer(null, listener, 0, System.nanoTime());
    }

    @Test
    void gradientMaskKeepsOutsidePixelsExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = start();
            NDArray x = OwnedArrays.of(m, s, SHAPE);
            PassOptimizer.Outcome o = optimizer(new ArrayList<>()).guarded(quadratic(new int[1], -1), x, 12, null,
                    rightHalf(), LineSearch.STRONG_WOLFE, 1.0);
            float[] r = o.result().best().toFloatArray();
            int movedInside = 0;
            for (int i = 0; i < r.length; i++) {
                if (i % W < W / 2) {
                    assertThat(Float.floatToRawIntBits(r[i])).as("pixel %d outside", i)
                            .isEqualTo(Float.floatToRawIntBits(s[i]));
                } else if (Math.abs(r[i] - 0.5f) < Math.abs(s[i] - 0.5f) - 1e-3) {
                    movedInside++;
                }
            }
            assertThat(movedInside).isGreaterThan(r.length / 2 - 10);
            assertThat(o.restarts()).isZero();
            assertThat(o.guard()).isNull();
        }
    }

    @Test
    void maskApplyZeroesOutsideAndKeepsInside() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] g = start();
            float[] r = rightHalf().apply(OwnedArrays.of(m, g, SHAPE)).toFloatArray();
            for (int i = 0; i < r.length; i++) {
                assertThat(r[i]).isEqualTo(i % W >= W / 2 ? g[i] : 0f);
            }
        }
    }

    @Test
    void anExplodingStepRestoresTheBestImageRestartsAndReports() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] calls = {0};
            List<Integer> heard = new ArrayList<>();
            PassOptimizer.Outcome o = optimizer(heard).guarded(quadratic(calls, 4), OwnedArrays.of(m, start(), SHAPE), 15,
                    null, rightHalf(), LineSearch.NONE, 1.0);
            assertThat(o.restarts()).isEqualTo(1);
            assertThat(o.guard()).contains("evaluation 4").contains("1.000e+09").contains("restarted from the best");
            // the budget is the pass's, across the restart; the listener numbered every evaluation once
            assertThat(calls[0]).isEqualTo(15);
            assertThat(o.result().evaluations()).isEqualTo(15);
            assertThat(heard).hasSize(15).isSorted();
            assertThat(o.result().reason()).isNotEqualTo(StopReason.STOPPED);
            // the kept image is the best evaluated, and better than the start
            NDArray best = o.result().best();
            NDArray bd = best.sub(0.5f);
            double bestLoss = bd.pow(4).add(bd.square()).sum().getFloat();
            assertThat(bestLoss).isCloseTo(o.result().bestLoss(), org.assertj.core.api.Assertions.within(1e-3));
            assertThat(o.result().bestLoss()).isLessThan(o.firstLoss());
        }
    }

    @Test
    void aNonFiniteLossTripsTheGuardToo() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] calls = {0};
            Objective nan = x -> {
                Evaluation e = quadratic(calls, -1).evaluate(x);
                return calls[0] == 3 ? new Evaluation(Double.NaN, e.gradient()) : e;
            };
            PassOptimizer.Outcome o = optimizer(new ArrayList<>()).guarded(nan, OwnedArrays.of(m, start(), SHAPE), 10,
                    null, rightHalf(), LineSearch.NONE, 1.0);
            assertThat(o.restarts()).isEqualTo(1);
            assertThat(o.guard()).contains("evaluation 3");
            assertThat(o.result().evaluations()).isEqualTo(10);
            assertThat(Double.isFinite(o.result().bestLoss())).isTrue();
        }
    }
}
