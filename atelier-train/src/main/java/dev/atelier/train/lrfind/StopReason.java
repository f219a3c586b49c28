package dev.atelier.train.lrfind;

/** Why a range test ended. */
public enum StopReason {
    /** Every planned iteration ran. */
    COMPLETED,
    /** The smoothed loss exceeded the stop-div factor times its best. */
    DIVERGED,
    /** The loss became NaN or infinite. */
    NON_FINITE
}
