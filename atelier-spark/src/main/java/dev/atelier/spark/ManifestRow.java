package dev.atelier.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One unit of work: a content image, a style image and the settings that differ from the job's defaults.
 *
 * @param id unique within the job; names the output ({@code images/ID.png}) so that a retried task
 *     rewrites the same file
 * @param content the content image (a Hadoop path or URI)
 * @param style the style image (a Hadoop path or URI)
 * @param params setting overrides by {@link RowSettings} key, as text (sorted, for stable naming)
 */
public record ManifestRow(String id, String content, String style, Map<String, String> params) implements Serializable {
    public ManifestRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(style, "style");
        params = Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
    }

    /** This row with more overrides (a sweep's grid point), given a new id. */
    public ManifestRow with(String newId, Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(params);
        merged.putAll(more);
        return new ManifestRow(newId, content, style, merged);
    }
}
