package dev.atelier.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.train.learner.ParameterCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The WGAN-GP penalty's weight gradient (a finite-difference Hessian-vector product) against central
 * finite differences of the penalty itself, {@code (P(θ + h·d) − P(θ − h·d)) / 2h}, along random directions
 * d over every weight in use, on the tiny discriminator.
 *
 * <p>P is evaluated with the leaky-ReLU masks of θ held fixed: P(θ) = λ·mean(‖∇ₓD(x̂)‖ − 1)² contains D's
 * gradient, which jumps where a unit changes sign, so P itself is piecewise smooth; its gradient at θ is
 * that of the smooth piece θ lies in, which is the fixed-mask P (the two are equal near θ as long as no
 * pre-activation is exactly 0). Float32 throughout, P summed in double: h = 2e-2 in stored-weight units
 * (weights are N(0, 1) draws). Measured on this case (P = 6.14): the numeric derivative moves by under
 * 0.3 % between h = 0.02 and 0.05 and between the 2- and 4-point stencils (smaller h is dominated by
 * float round-off: ±1 % at h = 1e-3), and the penalty's gradient is within 0.4 %, 1.3 % and 0.4 % of it
 * in the three directions (the Hessian-vector product's own finite difference); 3 % is asserted, while a
 * wrong factor or sign would be off by 50 % or more.
 */
class GanWganGpPenaltyTest {
    private static final double LAMBDA = WganGpPenalty.LAMBDA;

    @Test
    void theWeightGradientMatchesFiniteDifferencesOfThePenalty() {
        ProgressiveData data = new ProgressiveData(GanFixtures.images(8, 4), 4, 4);
        int level = 1;
        double alpha = 0.5;
        try (NDManager m = NDManager.newBaseManager()) {
            Discriminator d = new Discriminator(GanFixtures.TINY, m, 9);
            List<String> active = d.active(level, true);
            NDArray real = data.batch(m, "8px", 0, 8);
            Generator g = new Generator(GanFixtures.TINY, m, 3);
            NDArray fake = g.forward(GanTrainer.latents(m, 4, 8, 5), level, alpha);
            NDArray mixed = WganGpPenalty.interpolate(m, real, fake, 17);

            List<NDArray> masks = new ArrayList<>();
            double penalty;
            Map<String, float[]> gradient = new HashMap<>();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                penalty = WganGpPenalty.accumulate(d, active, mixed, level, alpha, LAMBDA);
            }
            for (String name : active) {
                gradient.put(name, d.parameters().get(name).getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) d.parameters().get(name));
            }
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                R1Penalty.inputGradient(d, active, mixed, level, alpha, masks); // the masks at θ, for P below
            }
            // the returned value is mean(‖g‖ − 1)², the P computed here is λ times it
            assertThat(LAMBDA * penalty).isCloseTo(fixedMaskPenalty(d, active, mixed, level, alpha, masks),
                    within(1e-5 * LAMBDA * penalty));
            assertThat(penalty).isPositive();

            Map<String, float[]> theta = new HashMap<>();
            for (String name : active) {
                theta.put(name, d.parameters().get(name).toFloatArray());
            }
            Random r = new Random(1);
            double h = 2e-2;
            for (int trial = 0; trial < 3; trial++) {
                Map<String, float[]> dir = new HashMap<>();
                double analytic = 0;
                for (String name : active) {
                    float[] dv = new float[theta.get(name).length];
                    float[] gv = gradient.get(name);
                    for (int k = 0; k < dv.length; k++) {
                        dv[k] = (float) r.nextGaussian();
                        analytic += gv[k] * (double) dv[k];
                    }
                    dir.put(name, dv);
                }
                set(d, theta, dir, h);
                double plus = fixedMaskPenalty(d, active, mixed, level, alpha, masks);
                set(d, theta, dir, -h);
                double minus = fixedMaskPenalty(d, active, mixed, level, alpha, masks);
                set(d, theta, dir, 0);
                double numeric = (plus - minus) / (2 * h);
                assertThat(Math.abs(numeric)).as("the direction moves P").isGreaterThan(1e-3 * LAMBDA * penalty);
                assertThat(analytic).as("trial " + trial).isCloseTo(numeric, within(0.03 * Math.abs(numeric)));
            }
        }
    }

    /** λ·mean(‖∇ₓD(x̂)‖ − 1)² with D's leaky ReLUs replaced by the fixed {@code masks}, summed in double. */
    private static double fixedMaskPenalty(Discriminator d, List<String> active, NDArray mixed, int level, double alpha,
            List<NDArray> masks) {
        int n = Math.toIntExact(mixed.getShape().get(0));
        float[] grad;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray x = mixed.duplicate();
            x.setRequiresGradient(true);
            NDArray s = d.forward(x, level, alpha, R1Penalty.replay(masks)).sum();
            JniUtils.backward((PtNDArray) s, (PtNDArray) s.onesLike(), false, false);
            grad = x.getGradient().toFloatArray();
        }
        for (String name : active) {
            JniUtils.zeroGrad((PtNDArray) d.parameters().get(name));
        }
        int per = grad.length / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int k = 0; k < per; k++) {
                sq += grad[i * per + k] * (double) grad[i * per + k];
            }
            sum += (Math.sqrt(sq) - 1) * (Math.sqrt(sq) - 1);
        }
        return LAMBDA * sum / n;
    }

    /** Sets every weight in use to θ + h·d. */
    private static void set(Discriminator d, Map<String, float[]> theta, Map<String, float[]> dir, double h) {
        theta.forEach((name, base) -> {
            float[] v = new float[base.length];
            float[] dv = dir.get(name);
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (base[k] + h * dv[k]);
            }
            NDArray target = d.parameters().get(name);
            try (NDArray src = OwnedArrays.of(target.getManager(), v, target.getShape())) {
                ParameterCopy.into(target, src);
            }
        });
    }
}
