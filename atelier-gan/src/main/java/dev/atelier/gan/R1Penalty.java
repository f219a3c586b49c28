package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.tensor.ScalarArithmetic;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The R1 penalty {@code P = γ/2 · mean‖∇ₓD(x)‖²} on real images (Mescheder et al. 2018) and its
 * gradient with respect to the discriminator's weights, without a second-order backward pass.
 *
 * <p>{@code ∇θP} needs the derivative of a gradient. PyTorch would take it with
 * {@code create_graph=True}, but DJL can only accumulate it into each weight's {@code .grad}, which
 * then holds a graph that refers back to the weight: a reference cycle PyTorch warns about ("can
 * cause a memory leak"), and the next such pass builds on it, so every R1 step would keep one more
 * discriminator graph alive. Instead, with {@code S = Σₙ D(xₙ)} and
 * {@code g = ∇ₓS}, {@code ∇θP = γ/N · Jθ(g)ᵀg = γ/N · d/dε ∇θS(x + εg)|ε=0}, a Hessian-vector
 * product, taken here as a central difference of two first-order gradients:
 * {@code γ/N · (∇θS(x+εg) − ∇θS(x−εg)) / 2ε}, with {@code ε·g} of RMS {@value #STEP} pixel units
 * (images are in [−1, 1]). The two shifted passes replay the leaky-ReLU masks of the unshifted
 * one: autograd's derivative treats the masks as constants, and a unit flipping sign inside ±εg
 * would otherwise add an O(1) error however small ε (measured: 2.4× the gradient's norm, mostly in
 * the biases). With fixed masks D is smooth in x, the error is O(ε²) plus float round-off (tested
 * against the double-backward gradient).
 */
public final class R1Penalty {
    /** RMS size, in pixel units, of the finite-difference step ε·g. */
    public static final double STEP = 1e-2;

    private R1Penalty() {}

    /**
     * Adds {@code weight · ∇θ(½·mean‖∇ₓD(x)‖²)} to the gradients of {@code active} (which must be zero
     * on entry and are only added to) and returns {@code mean‖∇ₓD(x)‖²}. Call inside a gradient
     * collector.
     *
     * @param weight γ (times the lazy interval, if any)
     */
    public static double accumulate(Discriminator d, List<String> active, NDArray real, int level, double alpha,
            double weight) {
        long n = real.getShape().get(0);
        List<NDArray> masks = new ArrayList<>();
        NDArray g = inputGradient(d, active, real, level, alpha, masks);
        double squared = g.square().sum().getFloat();
        double meanSquared = squared / n;
        double rms = Math.sqrt(squared / g.size());
        if (!(rms > 0) || weight == 0) {
            return meanSquared;
        }
        double eps = STEP / rms;
        double factor = weight / (2 * eps * n); // ∇θ(γ/2 · ‖g‖²/N) = γ/N · HVP, central difference over 2ε
        NDArray step = g.mul(eps);
        backward(ScalarArithmetic.times(d.forward(real.add(step), level, alpha, replay(masks)).sum(), factor));
        backward(ScalarArithmetic.times(d.forward(real.sub(step), level, alpha, replay(masks)).sum(), -factor));

        return meanSquared;
    }

    /**
     * {@code g = ∇ₓΣₙD(xₙ)} at {@code x}, from one first-order pass that records every leaky ReLU's mask
     * into {@code masks} (for {@link #replay}); the pass's own weight gradients are cleared from
     * {@code active} again. Call inside a gradient collector.
     */
    static NDArray inputGradient(Discriminator d, List<String> active, NDArray x, int level, double alpha,
            List<NDArray> masks) {
        NDArray probe = x.duplicate();
        probe.setRequiresGradient(true);
        backward(d.forward(probe, level, alpha, h -> {
            NDArray mask = h.gt(0).toType(DataType.FLOAT32, false).mul(1 - Layers.LEAK).add(Layers.LEAK);
            masks.add(mask);
            return h.mul(mask);
        }).sum());
        NDArray g = probe.getGradient().duplicate();
        // that pass also put ∇θS(x) into the weights' gradients: not part of a penalty
        for (String name : active) {
            JniUtils.zeroGrad((PtNDArray) d.parameters().get(name));
        }
        return g;
    }

    /**
     * Adds the Hessian-vector product {@code ∇θ(u · ∇ₓS(x)) = d/dε ∇θS(x + εu)} to the weights'
     * gradients, as the central difference {@code (∇θS(x+εu) − ∇θS(x−εu)) / 2ε} with {@code ε·u} of RMS
     * {@value #STEP} and the leaky-ReLU masks of {@link #inputGradient}'s pass replayed. Nothing is
     * added when {@code u} is zero. Call inside a gradient collector.
     */
    static void addHessianVectorProduct(Discriminator d, NDArray x, NDArray u, List<NDArray> masks, int level,
            double alpha) {
        double rms = Math.sqrt(u.square().sum().getFloat() / u.size());
        if (!(rms > 0)) {
            return;
        }
        double eps = STEP / rms;
        double factor = 1 / (2 * eps);
        NDArray step = u.mul(eps);
        backward(ScalarArithmetic.times(d.forward(x.add(step), level, alpha, replay(masks)).sum(), factor));
        backward(ScalarArithmetic.times(d.forward(x.sub(step), level, alpha, replay(masks)).sum(), -factor));
    }

    /** The leaky ReLUs of the recorded pass, each as multiplication by its fixed mask (1 or the slope). */
    static UnaryOperator<NDArray> replay(List<NDArray> masks) {
        Iterator<NDArray> next = masks.iterator();
        return h -> h.mul(next.next());
    }

    private static void backward(NDArray target) {
        try (NDArray ones = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
        }
    }
}
