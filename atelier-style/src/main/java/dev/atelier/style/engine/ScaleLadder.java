package dev.atelier.style.engine;

import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coarse-to-fine: the sizes a run optimises at, from the coarsest to the output size, and how many
 * evaluations each gets. Each scale starts from the previous one's result upsampled, so the cheap small
 * scales settle the layout and colours and the expensive full size only refines the strokes.
 *
 * <p>Sizes step by √2 (each scale has twice the pixels of the one before) from about
 * {@value #COARSEST} px up to the output size. The budget is split so that each scale gets
 * {@value #FINER_SHARE} times the evaluations of the scale below it: most evaluations where they are cheap,
 * except that the coarsest scale, whose result is the first preview, gets at most {@value #PREVIEW_EVALUATIONS}.
 *
 * @param longSides the long side of each scale, ascending; the last is the output size
 * @param evaluations the evaluation budget of each scale; they sum to at most the run's budget
 */
public record ScaleLadder(List<Integer> longSides, List<Integer> evaluations) {
    /** The spec for the default ladder. */
    public static final String AUTO = "auto";
    /** The default ladder's coarsest long side, in pixels (approximately). */
    public static final int COARSEST = 128;
    /** Each finer scale's share of evaluations relative to the scale below it. */
    public static final double FINER_SHARE = 0.6;
    /**
     * The most evaluations the coarsest scale gets when there are several: its result is the run's first
     * preview, wanted within seconds; what it would have had goes to the others.
     */
    public static final int PREVIEW_EVALUATIONS = 16;
    private static final int SMALLEST = 16;

    public ScaleLadder {
        longSides = List.copyOf(longSides);
        evaluations = List.copyOf(evaluations);
    }

    /** The number of scales. */
    public int count() {
        return longSides.size();
    }

    /** The total evaluation budget. */
    public int totalEvaluations() {
        return evaluations.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The ladder for a spec.
     *
     * @param spec {@code auto}; a count N (N scales ending at {@code size}, √2 apart; 1 is the lesson's single
     *     scale); or a comma-separated ascending list of long sides ending at {@code size}, each optionally
     *     with its own evaluation count ({@code 256:40,512:12}; then those counts are the budget)
     * @param size the output's long side
     * @param budget the total evaluations
     * @throws InvalidInputException for a spec no run could use
     */
    public static ScaleLadder of(String spec, int size, int budget) {
        String s = spec == null ? AUTO : spec.trim();
        List<Integer> sides;
        if (s.equalsIgnoreCase(AUTO)) {
            int n = 1;
            while (size / Math.pow(Math.sqrt(2), n) >= COARSEST * 0.95) {
                n++;
            }
            sides = geometric(size, n);
        } else if (s.matches("\\d+")) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--scales " + s + " is too many scales");
            }
            if (n < 1 || n > 12) {
                throw new InvalidInputException("--scales must be 1 to 12 scales or a list of sizes, got " + s);
            }
            sides = geometric(size, n);
        } else {
            sides = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (String part : s.split(",")) {
                String[] sizeAndCount = part.trim().split(":", -1);
                try {
                    sides.add(Integer.parseInt(sizeAndCount[0].trim()));
                    if (sizeAndCount.length == 2) {
                        counts.add(Integer.parseInt(sizeAndCount[1].trim()));
                    } else if (sizeAndCount.length > 2) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--scales takes auto, a count or a list of sizes like 128,256,"
                            + size + " (optionally SIZE:EVALS); got '" + spec + "'");
                }
            }
            if (!counts.isEmpty()) {
                if (counts.size() != sides.size()) {
                    throw new InvalidInputException("--scales: give an evaluation count for every size or for none; got '"
                            + spec + "'");
                }
                for (int c : counts) {
                    if (c < 1) {
                        throw new InvalidInputException("--scales: each scale needs at least 1 evaluation; got '" + spec + "'");
                    }
                }
            }
            for (int i = 0; i < sides.size(); i++) {
                if (i > 0 && sides.get(i) <= sides.get(i - 1)) {
                    throw new InvalidInputException("--scales sizes must increase, got " + spec);
                }
            }
            if (sides.get(sides.size() - 1) != size) {
                throw new InvalidInputException("the last of --scales must be the output size " + size + ", got " + spec);
            }
            if (!counts.isEmpty()) {
                if (sides.get(0) < SMALLEST) {
                    throw new InvalidInputException("--scales would go down to " + sides.get(0)
                            + " px; the smallest scale must be at least " + SMALLEST + " px");
                }
                return new ScaleLadder(sides, counts);
            }
        }
        if (sides.get(0) < SMALLEST) {
            throw new InvalidInputException("--scales would go down to " + sides.get(0) + " px; the smallest scale must be at least "
                    + SMALLEST + " px");
        }
        if (budget < 1) {
            throw new InvalidInputException("the evaluation budget must be at least 1, got " + budget);
        }
        // fewer evaluations than scales: keep the finest ones
        if (budget < sides.size()) {
            sides = sides.subList(sides.size() - budget, sides.size());
        }
        return new ScaleLadder(sides, split(sides.size(), budget));
    }

    private static List<Integer> geometric(int size, int n) {
        List<Integer> out = new ArrayList<>();
        for (int k = n - 1; k >= 0; k--) {
            out.add((int) Math.round(size / Math.pow(Math.sqrt(2), k)));
        }
        return out;
    }

    /** The coarsest scale capped at PREVIEW_EVALUATIONS, the rest split by {@link #shares}. */
    static List<Integer> split(int n, int budget) {
        List<Integer> all = shares(n, budget);
        if (n == 1 || all.get(0) <= PREVIEW_EVALUATIONS) {
            return all;
        }
        List<Integer> out = new ArrayList<>();
        out.add(PREVIEW_EVALUATIONS);
        out.addAll(shares(n - 1, budget - PREVIEW_EVALUATIONS));
        return out;
    }

    /** Largest-remainder split of {@code budget} in proportion FINER_SHARE^k, at least one each. */
    static List<Integer> shares(int n, int budget) {
        double[] share = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            share[k] = Math.pow(FINER_SHARE, k);
            sum += share[k];
        }
        int[] out = new int[n];
        double[] rest = new double[n];
        int used = 0;
        int free = budget - n;
        for (int k = 0; k < n; k++) {
            double exact = free * share[k] / sum;
            out[k] = 1 + (int) Math.floor(exact);
            rest[k] = exact - Math.floor(exact);
            used += out[k];
        }
        while (used < budget) {
            int best = 0;
            for (int k = 1; k < n; k++) {
                if (rest[k] > rest[best]) {
                    best = k;
                }
            }
            out[best]++;
            rest[best] = -1;
            used++;
        }
        List<Integer> list = new ArrayList<>();
        for (int v : out) {
            list.add(v);
        }
        return list;
    }
}
