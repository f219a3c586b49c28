package dev.atelier.style.engine;

import dev.atelier.core.SettingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's time budget, in the user's terms: "give me the best picture you can in 30 seconds". The engine
 * splits it over the scales as the evaluation ladder would split its effort and ends each scale when its
 * share is spent, so the run finishes within about one evaluation of the budget (see {@link RunDeadline}).
 *
 * @param seconds the budget in seconds, or 0 for none (the evaluation budget alone decides)
 */
public record TimeBudget(double seconds) {
    /** No time budget. */
    public static final TimeBudget NONE = new TimeBudget(0);
    /** The shortest budget accepted: below it not even the coarsest scale's targets would be ready. */
    public static final double MIN_SECONDS = 1;
    /** The longest: a day. */
    public static final double MAX_SECONDS = 24 * 3600;

    private static final Pattern PARTS = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s)");

    public TimeBudget {
        if (seconds != 0 && !(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
            throw new SettingException("time", "must lie between 1s and 24h, got " + seconds + " s");
        }
    }

    /** Whether a time budget is set. */
    public boolean isSet() {
        return seconds > 0;
    }

    /**
     * Parses {@code off}, a number of seconds ({@code 90}) or hours, minutes and seconds ({@code 30s},
     * {@code 2m}, {@code 1m30s}, {@code 1.5h}).
     *
     * @throws SettingException for anything else, or a budget outside 1 s to 24 h
     */
    public static TimeBudget parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return NONE;
        }
        double total;
        if (t.matches("\\d+(\\.\\d+)?")) {
            total = Double.parseDouble(t);
        } else {
            Matcher m = PARTS.matcher(t);
            int at = 0;
            total = 0;
            String seen = "";
            while (m.find() && m.start() == at) {
                String unit = m.group(2);
                // each unit once, largest first: "30s2m" is more likely a typo than a budget
                if (!"hms".substring(seen.isEmpty() ? 0 : "hms".indexOf(seen) + 1).contains(unit)) {
                    at = -1;
                    break;
                }
                seen = unit;
                total += Double.parseDouble(m.group(1)) * (unit.equals("h") ? 3600 : unit.equals("m") ? 60 : 1);
                at = m.end();
            }
            if (at != t.length() || t.isEmpty()) {
                throw new SettingException("time", "takes off, seconds (90) or a duration such as 30s, 2m or 1m30s; got '"
                        + text + "'");
            }
        }
        if (total == 0) {
            throw new SettingException("time", "must lie between 1s and 24h, got '" + text + "' (use off for none)");
        }
        if (!(total >= MIN_SECONDS && total <= MAX_SECONDS)) {
            throw new SettingException("time", "must lie between 1s and 24h, got '" + text + "'");
        }
        return new TimeBudget(total);
    }

    /** As {@link #parse} reads it: {@code off}, {@code 30s}, {@code 2m}, {@code 1m30s}. */
    public String describe() {
        if (!isSet()) {
            return "off";
        }
        long whole = (long) Math.floor(seconds);
        if (whole != seconds) {
            return String.format(Locale.ROOT, "%.3gs", seconds);
        }
        StringBuilder b = new StringBuilder();
        if (whole >= 3600) {
            b.append(whole / 3600).append('h');
        }
        if (whole % 3600 >= 60) {
            b.append(whole % 3600 / 60).append('m');
        }
        if (whole % 60 > 0) {
            b.append(whole % 60).append('s');
        }
        return b.toString();
    }
}
