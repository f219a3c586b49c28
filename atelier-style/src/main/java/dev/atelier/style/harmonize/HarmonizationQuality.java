package dev.atelier.style.harmonize;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The budget a harmonization runs with, when its size, evaluations and scales are not set one by one.
 *
 * <ul>
 *   <li>{@link #FAST}: coarse to fine at 256 px, 60 evaluations over all scales and both passes, about a
 *       minute on 2 cores: what the studio paints with and the command line's default;</li>
 *   <li>{@link #PAPER}: as the authors run it (Luan et al. 2018, {@code neural_gram.lua} and
 *       {@code neural_paint.lua}, {@code -image_size 700}, {@code -num_iterations 1000}): 700 px, one scale,
 *       1000 evaluations for each pass. Pass 2 takes one evaluation an iteration (fixed steps, as theirs);
 *       pass 1's line search may take more than one, so its 1000 evaluations can be fewer than 1000
 *       iterations.</li>
 * </ul>
 * A size, budget or ladder given explicitly wins over the quality's.
 */
public enum HarmonizationQuality {
    FAST(HarmonizationSettings.DEFAULT_SIZE, HarmonizationSettings.DEFAULT_MAX_EVALUATIONS, "auto"),
    PAPER(700, 2000, "1");

    private final int size;
    private final int maxEvaluations;
    private final String scales;

    HarmonizationQuality(int size, int maxEvaluations, String scales) {
        this.size = size;
        this.maxEvaluations = maxEvaluations;
        this.scales = scales;
    }

    public int size() {
        return size;
    }

    public int maxEvaluations() {
        return maxEvaluations;
    }

    public String scales() {
        return scales;
    }

    /** What it costs, in a few words (measured on 2 cores: docs/harmonization.md, "Time and memory"). */
    public String summary() {
        return switch (this) {
            case FAST -> "about 10 seconds";
            case PAPER -> "the authors' budget, about an hour or more";
        };
    }

    /** What it runs and costs, in a sentence. */
    public String cost() {
        return switch (this) {
            case FAST -> summary() + ": coarse to fine at " + size + " px, " + maxEvaluations + " evaluations in all";
            case PAPER -> "the authors' budget: " + size + " px, one scale, " + maxEvaluations / 2
                    + " evaluations a pass; about an hour or more on 2 cores";
        };
    }

    /** As written on the command line, in the studio and the sidecar. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(HarmonizationQuality::id).toList();
    }

    /** @throws InvalidInputException for anything but fast or paper */
    public static HarmonizationQuality parse(String text) {
        for (HarmonizationQuality q : values()) {
            if (q.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new InvalidInputException("quality must be one of " + String.join(", ", ids()) + ", got '" + text + "'");
    }
}
