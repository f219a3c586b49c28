package dev.atelier.style.loss;

/** The part of the reported loss a term adds to: what progress bars, sidecars and the judge show. */
public enum LossKind {
    /** "Does it show the same things in the same places?" */
    CONTENT,
    /** "Does it have the painting's textures and colours?" */
    STYLE,
    /** Smoothness: the total-variation prior. */
    TOTAL_VARIATION
}
