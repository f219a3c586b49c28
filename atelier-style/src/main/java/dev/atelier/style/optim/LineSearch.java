package dev.atelier.style.optim;

import dev.atelier.core.InvalidInputException;
import java.util.Locale;

/** How {@link LbfgsOptimizer} chooses the step length along each search direction. */
public enum LineSearch {
    /**
     * A fixed step of {@code learningRate} (the first step scaled by the gradient's L1 norm), one
     * evaluation per iteration: PyTorch's {@code LBFGS(lr=...)} default, what the lesson used. Cheap,
     * but nothing stops a step that increases the loss.
     */
    NONE,
    /**
     * A bracketing line search with cubic interpolation that accepts a step satisfying the strong
     * Wolfe conditions (sufficient decrease and curvature), as PyTorch's {@code _strong_wolfe}.
     * Costs a few more evaluations per iteration but never takes an uphill step.
     */
    STRONG_WOLFE;

    /** {@code strong-wolfe} or {@code none}. */
    public String id() {
        return this == NONE ? "none" : "strong-wolfe";
    }

    /**
     * Parses {@code strong-wolfe} (also {@code wolfe}) or {@code none} (also {@code fixed}), ignoring case.
     *
     * @throws InvalidInputException for anything else
     */
    public static LineSearch parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "strong-wolfe", "strong_wolfe", "wolfe" -> STRONG_WOLFE;
            case "none", "fixed" -> NONE;
            default -> throw new InvalidInputException("unknown line search '" + text + "'; use strong-wolfe or none");
        };
    }
}
