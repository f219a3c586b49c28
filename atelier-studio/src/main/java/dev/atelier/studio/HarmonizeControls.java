package dev.atelier.studio;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.style.harmonize.HarmonizationSettings;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.settings.FrontEnd;
import java.util.Map;
import java.util.Objects;

/**
 * The harmonize mode's controls, as JSON: which object goes where on which painting, its mask, how often
 * to show it, and, as fields named by the harmonization table's keys in camel case ({@code size},
 * {@code maxEvals}, {@code level}, {@code scales}), the run's settings ({@link HarmonizationSettingsTable}).
 * Every field but the two images may be left out for its default; an unknown field is refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class HarmonizeControls {
    private final String painting;
    private final String object;
    private final String mask;
    private final Integer x;
    private final Integer y;
    private final Double scale;
    private final Integer previewEvery;
    private final SettingFields settings;

    /**
     * @param painting the painting's image reference ({@code example:NAME} or {@code upload:ID})
     * @param object the object's image reference
     * @param mask where the object is, painted on the object at its own size: a PNG as a {@code data:} URL or
     *     plain base64, white = object; null = the whole object
     * @param x the scaled object's left edge in the painting's pixels (default: centred)
     * @param y its top edge (default: centred)
     * @param scale the object's scale before pasting (default 1)
     * @param previewEvery evaluations between two preview images (default {@value Controls#DEFAULT_PREVIEW_EVERY})
     */
    @JsonCreator
    public HarmonizeControls(@JsonProperty("painting") String painting, @JsonProperty("object") String object,
            @JsonProperty("mask") String mask, @JsonProperty("x") Integer x, @JsonProperty("y") Integer y,
            @JsonProperty("scale") Double scale, @JsonProperty("previewEvery") Integer previewEvery) {
        this(painting, object, mask, x, y, scale, previewEvery, Map.of());
    }

    /** Controls with {@code settings} by table key. */
    public HarmonizeControls(String painting, String object, String mask, Integer x, Integer y, Double scale,
            Integer previewEvery, Map<String, ?> settings) {
        this.painting = painting;
        this.object = object;
        this.mask = mask;
        this.x = x;
        this.y = y;
        this.scale = scale;
        this.previewEvery = previewEvery;
        this.settings = new SettingFields(HarmonizationSettingsTable.TABLE).with(settings);
    }

    @JsonAnySetter
    void setField(String field, Object value) {
        settings.putField(field, value);
    }

    @JsonAnyGetter
    Map<String, Object> fields() {
        return settings.byField();
    }

    @JsonProperty
    public String painting() {
        return painting;
    }

    @JsonProperty
    public String object() {
        return object;
    }

    @JsonProperty
    public String mask() {
        return mask;
    }

    @JsonProperty
    public Integer x() {
        return x;
    }

    @JsonProperty
    public Integer y() {
        return y;
    }

    @JsonProperty
    public Double scale() {
        return scale;
    }

    @JsonProperty
    public Integer previewEvery() {
        return previewEvery;
    }

    /** The settings given, by table key. */
    public Map<String, Object> settingValues() {
        return settings.byKey();
    }

    /** Checks what can be checked without reading images. */
    void requireRunnable() {
        if (painting == null || object == null) {
            throw new InvalidInputException("harmonize needs a painting and an object");
        }
        if (previewEvery != null && previewEvery < 1) {
            throw new InvalidInputException("previewEvery must be at least 1, got " + previewEvery);
        }
        if (scale != null && !(scale > 0 && Double.isFinite(scale))) {
            throw new SettingException("scale", "the object's scale must be positive, got " + scale);
        }
    }

    /**
     * The run's settings: the table's defaults and ranges, a preview every {@code previewEvery} evaluations.
     *
     * @throws SettingException for a value out of its range or over the studio's budget
     */
    HarmonizationSettings settings() {
        HarmonizationSettings s = HarmonizationSettingsTable.TABLE.apply(HarmonizationSettings.builder(), settings.texts(),
                FrontEnd.STUDIO).optSaveEvery(previewEvery == null ? Controls.DEFAULT_PREVIEW_EVERY : previewEvery).build();
        Controls.requireStudioBudget(s.maxEvaluations());
        return s;
    }

    /** These controls without the mask's pixels (for descriptions). */
    HarmonizeControls withoutMaskData() {
        return new HarmonizeControls(painting, object, mask == null ? null : "painted", x, y, scale, previewEvery,
                settings.byKey());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HarmonizeControls h && Objects.equals(painting, h.painting) && Objects.equals(object, h.object)
                && Objects.equals(mask, h.mask) && Objects.equals(x, h.x) && Objects.equals(y, h.y)
                && Objects.equals(scale, h.scale) && Objects.equals(previewEvery, h.previewEvery)
                && settings.equals(h.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(painting, object, mask, x, y, scale, previewEvery, settings);
    }
}
