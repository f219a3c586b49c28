package dev.atelier.core;

import java.util.Objects;

/**
 * Bad input that concerns one setting. It carries the setting's neutral key (snake case, as in the sidecar
 * and Spark's columns: {@code size}, {@code max_evals}) and a detail that names no front end's spelling of
 * it, so that each front end can say it in its own words: the command line as {@code --size}, the studio as
 * the field's label next to that field, Spark as the column name.
 *
 * <p>{@link #getMessage()} is {@code key: detail}, which reads well anywhere a front end does not render
 * the key itself.
 */
public class SettingException extends InvalidInputException {
    private final String key;
    private final String detail;

    /**
     * @param key the setting's key, e.g. {@code max_evals}
     * @param detail what is wrong, without naming the setting the way any front end spells it, e.g.
     *     {@code "must be at least 1, got 0"}
     */
    public SettingException(String key, String detail) {
        super(Objects.requireNonNull(key, "key") + ": " + Objects.requireNonNull(detail, "detail"));
        this.key = key;
        this.detail = detail;
    }

    /** The setting's key. */
    public String key() {
        return key;
    }

    /** What is wrong with it, in neutral words. */
    public String detail() {
        return detail;
    }

    /**
     * The message with the setting called {@code name}: for {@code --max-evals}, {@code --max-evals: must be
     * at least 1, got 0}.
     */
    public String render(String name) {
        return name + ": " + detail;
    }
}
