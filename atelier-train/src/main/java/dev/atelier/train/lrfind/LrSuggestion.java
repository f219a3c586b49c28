package dev.atelier.train.lrfind;

/**
 * A suggested learning rate, with the point of the curve that justifies it.
 *
 * @param method the rule that produced it
 * @param lr the suggested learning rate
 * @param markerLr the x of the point to mark on the plot (differs from {@code lr} for
 *     {@link SuggestionMethod#MINIMUM}, which marks the minimum but suggests a tenth of it)
 * @param markerLoss the smoothed loss at {@code markerLr}
 */
public record LrSuggestion(SuggestionMethod method, double lr, double markerLr, double markerLoss) {
    /** The method's display name. */
    public String name() {
        return method.displayName();
    }
}
