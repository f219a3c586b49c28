package dev.atelier.studio;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The page's controls, as JSON: what to paint ({@code content}, {@code styles}), how often to show it
 * ({@code previewEvery}) and, as fields named by the settings table's keys in camel case ({@code size},
 * {@code maxEvals}, {@code styleWeight}, ...), every style-transfer setting the studio offers
 * ({@link StyleTransferSettingsTable}). Every field may be left out for its default; a field the table does
 * not know is refused. During a run, {@link #steeredBy} applies the settings that may change while the engine
 * runs ({@link #STEERABLE}); the others stay as the run started.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Controls {
    /** Evaluations between two preview images, unless the page says otherwise. */
    public static final int DEFAULT_PREVIEW_EVERY = 5;
    /** The largest output the studio paints: bigger runs belong to {@code atelier stylize}. */
    public static final int MAX_SIZE = 1024;
    public static final int MAX_EVALS = 5000;
    public static final int MAX_STYLES = 4;
    /** The settings a running job may change: the loss's weights and layers, colour, the styles' scale. */
    public static final Set<String> STEERABLE = Set.of("style_weight", "content_weight", "tv_weight", "style_layers",
            "colors", "color_strength", "style_scale");

    private final String content;
    private final List<StyleChoice> styles;
    private final Integer previewEvery;
    private final SettingFields settings;

    /**
     * One style of a run.
     *
     * @param image the style image reference
     * @param weight blend weight (default 1)
     * @param mask where it applies: a PNG as a {@code data:} URL or plain base64, white = here; null = everywhere
     * @param scale this style's own scale (default 1)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StyleChoice(String image, Double weight, String mask, Double scale) {}

    /**
     * @param content the content image reference ({@code example:NAME} or {@code upload:ID})
     * @param styles the styles, each with its weight, optional mask and scale
     * @param previewEvery evaluations between two preview images (default {@value #DEFAULT_PREVIEW_EVERY})
     */
    @JsonCreator
    public Controls(@JsonProperty("content") String content, @JsonProperty("styles") List<StyleChoice> styles,
            @JsonProperty("previewEvery") Integer previewEvery) {
        this(content, styles, previewEvery, Map.of());
    }

    /** Controls with {@code settings} by table key (snake case). */
    public Controls(String content, List<StyleChoice> styles, Integer previewEvery, Map<String, ?> settings) {
        this.content = content;
        this.styles = styles == null ? null : List.copyOf(styles);
        this.previewEvery = previewEvery;
        this.settings = new SettingFields(StyleTransferSettingsTable.TABLE).with(settings);
    }

    /** No controls: every default. */
    public static Controls none() {
        return new Controls(null, null, null);
    }

    /** A setting sent by the page, named as the studio names it ({@code maxEvals}). */
    @JsonAnySetter
    void setField(String field, Object value) {
        settings.putField(field, value);
    }

    /** The settings as the page names them, for JSON. */
    @JsonAnyGetter
    Map<String, Object> fields() {
        return settings.byField();
    }

    @JsonProperty
    public String content() {
        return content;
    }

    @JsonProperty
    public List<StyleChoice> styles() {
        return styles;
    }

    @JsonProperty
    public Integer previewEvery() {
        return previewEvery;
    }

    /** The settings given, by table key, as the page sent them. */
    public Map<String, Object> settings() {
        return settings.byKey();
    }

    /** The settings given, as text, by table key (what the table parses). */
    public Map<String, String> settingTexts() {
        return settings.texts();
    }

    /**
     * The run's settings builder: the table's defaults, these settings, a snapshot (the preview) every
     * {@code previewEvery} evaluations; ranges are checked when it is built.
     *
     * @throws dev.atelier.core.SettingException for a value that is not of its setting's type
     */
    public StyleTransferSettings.Builder builder() {
        int every = previewEvery == null ? DEFAULT_PREVIEW_EVERY : previewEvery;
        if (every < 1) {
            throw new InvalidInputException("previewEvery must be at least 1, got " + every);
        }
        return StyleTransferSettingsTable.TABLE.apply(StyleTransferSettings.frontEndBuilder(), settingTexts(),
                FrontEnd.STUDIO).optSaveEvery(every);
    }

    /**
     * Checks the studio's own limits on built settings: the studio paints what a person watches.
     *
     * @throws SettingException for a size or budget beyond them
     */
    static void requireStudioLimits(StyleTransferSettings s) {
        if (s.size() > MAX_SIZE) {
            throw new SettingException("size", "the studio paints at most " + MAX_SIZE
                    + " px, got " + s.size() + "; atelier stylize paints larger pictures");
        }
        if (!timeDecides(s)) {
            // a run the time budget ends needs no evaluation cap: the time bounds it
            requireStudioBudget(s.maxEvaluations());
        }
    }

    /** Whether only the time budget ends a run of {@code s}: a time given and no evaluation budget. */
    static boolean timeDecides(StyleTransferSettings s) {
        return s.time().isSet() && s.maxEvaluations() == StyleTransferSettings.EVALUATIONS_WITHIN_TIME;
    }

    /**
     * Checks an evaluation budget against the studio's, for style transfers and harmonizations alike.
     *
     * @throws SettingException when it is larger
     */
    static void requireStudioBudget(int maxEvaluations) {
        if (maxEvaluations > MAX_EVALS) {
            throw new SettingException("max_evals", "the studio spends at most " + MAX_EVALS + ", got " + maxEvaluations);
        }
    }

    /** Checks what a run needs beyond its settings: a content image and one to four styles. */
    public void requireRunnable() {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("choose or upload a content image");
        }
        if (styles == null || styles.isEmpty()) {
            throw new InvalidInputException("choose or upload at least one style image");
        }
        if (styles.size() > MAX_STYLES) {
            throw new InvalidInputException("at most " + MAX_STYLES + " styles, got " + styles.size());
        }
    }

    /**
     * These controls with {@code change} applied: its styles and {@link #STEERABLE} settings replace these.
     *
     * @throws SettingException when {@code change} sets anything else: it is fixed once a run starts
     */
    public Controls steeredBy(Controls change) {
        if (change.content != null || change.previewEvery != null) {
            throw new InvalidInputException("the content image and the preview interval are fixed once a run starts;"
                    + " stop it and start again");
        }
        Map<String, Object> next = new LinkedHashMap<>(settings.byKey());
        change.settings.byKey().forEach((k, v) -> {
            if (!STEERABLE.contains(k)) {
                throw new SettingException(k, "is fixed once a run starts; stop it and branch from a snapshot to change it");
            }
            next.put(k, v);
        });
        return new Controls(content, change.styles != null ? change.styles : styles, previewEvery, next);
    }

    /** These controls with every field of {@code o} that is set replacing its own (a branch). */
    public Controls overriddenBy(Controls o) {
        Map<String, Object> next = new LinkedHashMap<>(settings.byKey());
        next.putAll(o.settings.byKey());
        return new Controls(o.content != null ? o.content : content, o.styles != null ? o.styles : styles,
                o.previewEvery != null ? o.previewEvery : previewEvery, next);
    }

    /** These controls with {@code key} set to {@code value}. */
    public Controls with(String key, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(settings.byKey());
        next.put(key, value);
        return new Controls(content, styles, previewEvery, next);
    }

    /** Only the settings that may change while a run paints (what a steered run continues with). */
    public Controls steerableOnly() {
        Map<String, Object> kept = new LinkedHashMap<>();
        settings.byKey().forEach((k, v) -> {
            if (STEERABLE.contains(k)) {
                kept.put(k, v);
            }
        });
        return new Controls(null, null, null, kept);
    }

    /** These controls without the masks' pixel data (for listings: masks are stored as files). */
    public Controls withoutMaskData() {
        if (styles == null) {
            return this;
        }
        List<StyleChoice> light = new ArrayList<>();
        for (StyleChoice c : styles) {
            light.add(new StyleChoice(c.image(), c.weight(), c.mask() == null ? null : "painted", c.scale()));
        }
        return new Controls(content, light, previewEvery, settings.byKey());
    }

    /** These controls with {@code styles} in place of their own. */
    public Controls withStyles(List<StyleChoice> styles) {
        return new Controls(content, styles, previewEvery, settings.byKey());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Controls c && Objects.equals(content, c.content) && Objects.equals(styles, c.styles)
                && Objects.equals(previewEvery, c.previewEvery) && settings.equals(c.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(content, styles, previewEvery, settings);
    }

    @Override
    public String toString() {
        return "Controls" + fields() + " content=" + content + " styles=" + styles;
    }
}
