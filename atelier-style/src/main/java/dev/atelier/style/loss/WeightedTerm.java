package dev.atelier.style.loss;

/**
 * A term and the user's weight for it.
 *
 * @param term the term
 * @param weight its multiplier in the total, zero or positive
 */
public record WeightedTerm(LossTerm term, double weight) {
    public WeightedTerm {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("a loss weight must be zero or positive, got " + weight);
        }
    }
}
