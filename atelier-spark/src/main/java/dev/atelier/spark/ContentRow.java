package dev.atelier.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One unit of work of a style-network job: a content image and the id that names its output.
 *
 * @param id unique within the job; names the output ({@code images/ID.png}) so that a retried task
 *     rewrites the same file
 * @param content the content image (a qualified Hadoop path or URI)
 */
public record ContentRow(String id, String content) implements Serializable {
    public ContentRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
    }
}
