package dev.atelier.core.weights;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's {@code index.json}: a list of {@link StoredWeights}, rewritten atomically on every
 * change so that a crash leaves the previous index intact, and at most one registration in progress
 * ({@link Document#pending()}).
 */
final class WeightIndex {
    /**
     * The file's layout, versioned so that a later Atelier can migrate it.
     *
     * @param entries the stored weights, in the order they were added
     * @param pending the entry a writer is registering: recorded before its file is renamed into place, so
     *     that if the writer dies before recording the entry itself, the next writer can tell the renamed
     *     file from a stray and finish the registration; null when none is under way. Older Ateliers ignore it.
     */
    record Document(
            int version, List<StoredWeights> entries, @JsonInclude(JsonInclude.Include.NON_NULL) StoredWeights pending) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    WeightIndex(Path file) {
        this.file = file;
    }

    /** The index's entries. */
    List<StoredWeights> load() throws IOException {
        return loadDocument().entries();
    }

    /** The whole index, with a modifiable list of entries (empty when there is no index yet). */
    Document loadDocument() throws IOException {
        if (!Files.exists(file)) {
            return new Document(1, new ArrayList<>(), null);
        }
        if (!Files.isRegularFile(file)) {
            throw damaged("it is not a regular file", null);
        }
        Document doc;
        try {
            doc = JSON.readValue(file.toFile(), Document.class);
        } catch (JsonProcessingException e) {
            throw damaged(String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""), e);
        }
        if (doc == null) {
            return new Document(1, new ArrayList<>(), null);
        }
        List<StoredWeights> entries = doc.entries() == null ? new ArrayList<>() : new ArrayList<>(doc.entries());
        // Every later use relies on these fields; the file's path is checked where it is used.
        for (int i = 0; i < entries.size(); i++) {
            if (!complete(entries.get(i))) {
                throw damaged("entry " + (i + 1) + " lacks its name, file or sha256", null);
            }
        }
        if (doc.pending() != null && !complete(doc.pending())) {
            throw damaged("the pending entry lacks its name, file or sha256", null);
        }
        return new Document(doc.version(), entries, doc.pending());
    }

    private static boolean complete(StoredWeights e) {
        return e != null && e.name() != null && e.file() != null && e.sha256() != null;
    }

    private InvalidInputException damaged(String why, Exception cause) {
        return new InvalidInputException("the weight store index " + file + " is damaged (" + why
                + "); move it away and re-import your weights", cause);
    }

    /** Replaces the index with {@code entries} and the registration {@code pending} (null for none). */
    void save(List<StoredWeights> entries, StoredWeights pending) throws IOException {
        byte[] json = JSON.writeValueAsBytes(new Document(1, entries, pending));
        AtomicFiles.write(file, json);
    }
}
