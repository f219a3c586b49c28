package dev.atelier.audit.report;

import dev.atelier.core.InvalidInputException;

/**
 * How much of an audit the reports for people (table, Markdown, HTML) list. An audit over 100,000
 * groups fits a JSON file for a pipeline, but not a terminal, a pull request or a page with one bar
 * per group in each chart: those list, per grouping, the reference group and the groups with the
 * largest disparities, and say in one line how many more there are. The JSON report always holds
 * every group and every flag.
 *
 * <p>The default, {@value #DEFAULT_MAX_GROUPS} groups per grouping, can be changed with the system
 * property {@value #MAX_GROUPS_PROPERTY} or the environment variable {@value #MAX_GROUPS_ENV} (the
 * property wins); {@code 0} lists every group.
 *
 * @param maxGroups groups listed per grouping, reference included; 0 for all
 */
public record ReportLimits(int maxGroups) {
    /** Groups listed per grouping unless configured otherwise. */
    public static final int DEFAULT_MAX_GROUPS = 50;
    /** System property overriding {@link #DEFAULT_MAX_GROUPS}. */
    public static final String MAX_GROUPS_PROPERTY = "atelier.audit.maxReportGroups";
    /** Environment variable overriding {@link #DEFAULT_MAX_GROUPS} (the system property wins). */
    public static final String MAX_GROUPS_ENV = "ATELIER_AUDIT_MAX_REPORT_GROUPS";

    public ReportLimits {
        if (maxGroups < 0) {
            throw new InvalidInputException("the number of groups to list must be 0 (all) or more, got " + maxGroups);
        }
    }

    /** Every group listed. */
    public static ReportLimits unlimited() {
        return new ReportLimits(0);
    }

    /** The limit from {@value #MAX_GROUPS_PROPERTY} or {@value #MAX_GROUPS_ENV}, else the default. */
    public static ReportLimits fromEnvironment() {
        String property = System.getProperty(MAX_GROUPS_PROPERTY);
        if (property != null) {
            return new ReportLimits(parse(property, "system property " + MAX_GROUPS_PROPERTY));
        }
        String env = System.getenv(MAX_GROUPS_ENV);
        if (env != null && !env.isBlank()) {
            return new ReportLimits(parse(env, "environment variable " + MAX_GROUPS_ENV));
        }
        return new ReportLimits(DEFAULT_MAX_GROUPS);
    }

    /** Whether a grouping of {@code groups} groups is listed whole. */
    public boolean listsAll(int groups) {
        return maxGroups == 0 || groups <= maxGroups;
    }

    private static int parse(String text, String source) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(source + " must be a whole number of groups (0 for all), got '"
                + DisplayText.clean(text) + "'");
    }
}
