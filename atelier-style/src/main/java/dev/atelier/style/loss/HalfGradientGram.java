package dev.atelier.style.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.ScalarArithmetic;

/**
 * A Gram matrix whose backward pass is one matrix product instead of autograd's two, for losses whose
 * gradient with respect to the Gram is symmetric (the squared error against a symmetric target).
 *
 * <p>Autograd differentiates G = F·Fᵀ as dG·F + dGᵀ·F: two products the size of the features and a sum
 * over a transposed (strided) copy, most of the Gram losses' time at 512 px. When dG is symmetric the
 * gradient is 2·dG·F. So {@link #sum} computes F·sg(F)ᵀ, sg(·) a stopped gradient, which has the Gram's
 * value and half its gradient (dG·F), and {@link #fullGradient} applied to the loss built on it doubles the
 * gradient without touching the value. Finite-difference tests of both Gram terms check the result.
 */
final class HalfGradientGram {
    private HalfGradientGram() {}

    /** Σ_p F_p F_pᵀ per item {@code (N, C, C)} of activations {@code (N, C, h, w)}, with half its gradient. */
    static NDArray sum(NDArray features) {
        Shape s = features.getShape();
        NDArray f = features.reshape(s.get(0), s.get(1), -1);
        return f.matMul(f.stopGradient().transpose(0, 2, 1));
    }

    /**
     * 2·v − sg(v): the value of {@code v} exactly (2v − v is exact in floating point), twice its gradient.
     * Apply it to a loss that depends on the features only through {@link #sum}s.
     */
    static NDArray fullGradient(NDArray loss) {
        return ScalarArithmetic.times(loss, 2).sub(loss.stopGradient());
    }
}
