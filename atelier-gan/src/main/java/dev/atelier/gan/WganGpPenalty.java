package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The WGAN-GP gradient penalty {@code P = λ · mean(‖∇D(x̂)‖ − 1)²} of the paper's loss (Gulrajani et al.
 * 2017; Karras et al. 2018 use λ = 10 and target 1, plus the drift term ε_drift·D(real)² with ε_drift =
 * 0.001, added by the trainer) on x̂ = lerp(real, fake, u), and its gradient with respect to the
 * discriminator's weights, without a second-order backward pass (why: {@link R1Penalty}).
 *
 * <p>With {@code S = Σₙ D(x̂ₙ)}, {@code gₙ = ∇_{x̂ₙ}S} (the batch's images are coupled through the
 * minibatch-stddev layer, as in the paper's code, which also differentiates the sum) and
 * {@code wₙ = 2λ/N · (‖gₙ‖ − 1)/‖gₙ‖}, the chain rule gives
 * {@code ∇θP = Σₙ wₙ·Jθ(gₙ)ᵀgₙ = d/dε ∇θS(x̂ + εu)|ε=0} with {@code uₙ = wₙ·gₙ}: one Hessian-vector
 * product, taken as {@link R1Penalty}'s central difference with the leaky-ReLU masks replayed.
 */
public final class WganGpPenalty {
    /** λ, the penalty's weight (the paper's {@code wgan_lambda}). */
    public static final double LAMBDA = 10;
    /** ε_drift, the weight of D(real)² (the paper's {@code wgan_epsilon}). */
    public static final double DRIFT = 0.001;
    /** The gradient norm the penalty pulls towards (the paper's {@code wgan_target}). */
    public static final double TARGET = 1;

    private WganGpPenalty() {}

    /**
     * {@code lerp(real, fake, uₙ) = real + (fake − real)·uₙ} with one {@code uₙ ~ U(0, 1)} per image from
     * {@code Random(seed)}; not differentiated (fake must be detached), in {@code manager}.
     */
    public static NDArray interpolate(NDManager manager, NDArray real, NDArray fake, long seed) {
        int n = Math.toIntExact(real.getShape().get(0));
        Random r = new Random(seed);
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = r.nextFloat();
        }
        NDArray t = OwnedArrays.of(manager, u, new Shape(n, 1, 1, 1));
        return real.add(fake.sub(real).mul(t));
    }

    /**
     * Adds {@code ∇θ(λ · mean(‖∇D(x̂)‖ − 1)²)} to the gradients of {@code active} (which must be zero on
     * entry and are only added to) and returns {@code mean(‖∇D(x̂)‖ − 1)²} (without λ). Call inside a
     * gradient collector.
     *
     * @param mixed the interpolated batch x̂ (see {@link #interpolate})
     */
    public static double accumulate(Discriminator d, List<String> active, NDArray mixed, int level, double alpha,
            double lambda) {
        int n = Math.toIntExact(mixed.getShape().get(0));
        List<NDArray> masks = new ArrayList<>();
        NDArray g = R1Penalty.inputGradient(d, active, mixed, level, alpha, masks);
        float[] norms = g.reshape(n, -1).square().sum(new int[] {1}).sqrt().toFloatArray();
        float[] w = new float[n];
        double penalty = 0;
        for (int i = 0; i < n; i++) {
            double norm = norms[i];
            penalty += (norm - TARGET) * (norm - TARGET);
            // (‖g‖ − 1)² has no gradient at g = 0 (a cone); take 0 there
            w[i] = norm > 0 ? (float) (2 * lambda / n * (norm - TARGET) / norm) : 0f;
        }
        if (lambda != 0) {
            NDArray u = g.mul(OwnedArrays.of(mixed.getManager(), w, new Shape(n, 1, 1, 1)));
            R1Penalty.addHessianVectorProduct(d, mixed, u, masks, level, alpha);
        }
        return penalty / n;
    }
}
