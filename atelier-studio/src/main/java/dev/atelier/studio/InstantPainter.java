package dev.atelier.studio;

import dev.atelier.core.device.ActiveDevice;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.image.RgbImage;
import dev.atelier.stylenet.StyleNetApplier;
import dev.atelier.stylenet.StyleNetFile;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Instant mode: the chosen style network paints the photo in one forward pass, at the output size a style
 * transfer of the same {@code size} has, and the picture is kept in the history as a run of its own
 * ({@link RunRecord.Kind#INSTANT}, done at once). A refinement is a branch from it: the normal optimisation
 * starting from the network's picture, as {@code stylize --init-net} does.
 *
 * <p>Painting happens on the request's thread, not in the queue: it takes a fraction of a second, and the
 * queue may be busy with a long run. One picture is painted at a time, so the memory a pass takes
 * ({@link StyleNetApplier#bytesPerPixel}) is held once.
 */
final class InstantPainter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ImageLibrary library;
    private final StyleNetShelf nets;
    private final RunStore store;

    /**
     * What the page asks to paint.
     *
     * @param content the photo's reference
     * @param styleNet the network's reference ({@code net:NAME} or {@code net-upload:ID})
     * @param size the output's long side, as a style transfer's {@code size} (null: its default)
     */
    record Request(@JsonProperty("content") String content, @JsonProperty("styleNet") String styleNet,
            @JsonProperty("size") Integer size) {}

    InstantPainter(ImageLibrary library, StyleNetShelf nets, RunStore store) {
        this.library = library;
        this.nets = nets;
        this.store = store;
    }

    /**
     * Paints {@code request}'s photo with its network and keeps it.
     *
     * @return the history row of the new run
     * @throws InvalidInputException for a missing photo, a bad size, or a network that is no usable one
     *     ({@link SettingException} on {@code style_net}, so the page shows it beside the network's field)
     */
    synchronized RunRecord paint(Request request) throws IOException, SQLException {
        if (request.content() == null || request.content().isBlank()) {
            throw new InvalidInputException("choose or upload a content image");
        }
        Controls controls = new Controls(request.content(), null, null,
                request.size() == null ? Map.of() : Map.of("size", request.size()));
        // the size as a style transfer checks and resolves it, so a refinement paints at the same size
        StyleTransferSettings settings = controls.builder().build();
        Controls.requireStudioLimits(settings);
        RgbImage photo = library.read(request.content());
        int[] out = StyleTransferEngine.outputSize(photo.width(), photo.height(), settings.size());
        long created = System.currentTimeMillis();
        RgbImage painted;
        Map<String, Object> network = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (NDManager manager = ActiveDevice.newManager()) {
            StyleNetFile.Loaded loaded;
            try {
                loaded = nets.load(request.styleNet(), manager);
            } catch (InvalidInputException e) {
                throw new SettingException("style_net", e.getMessage());
            }
            network.put("ref", request.styleNet());
            network.put("architecture", loaded.network().architecture().describe());
            network.put("colors", loaded.keepColors() ? "keep" : "none");
            network.put("metadata", loaded.metadata());
            painted = new StyleNetApplier(loaded.network(), loaded.keepColors(), manager)
                    .apply(photo.resized(out[0], out[1]));
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        String id = UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("size", settings.size());
        resolved.put("width", painted.width());
        resolved.put("height", painted.height());
        resolved.put("style_net", network);
        resolved.put("milliseconds", Math.round(ms * 10) / 10.0);
        // the same sidecar as `atelier style-net apply` writes, with the studio's references for the files
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("output", "result.png");
        side.put("content", request.content());
        side.put("style_net", network);
        side.put("width", painted.width());
        side.put("height", painted.height());
        side.put("milliseconds", resolved.get("milliseconds"));
        side.put("studio_run", id);
        RunRecord row = new RunRecord(id, RunRecord.Kind.INSTANT, null, null, created, System.currentTimeMillis(),
                JobStatus.DONE, controls, null, List.of(), resolved, null, null, 0, null, null, 1);
        store.keepInstant(row, painted, JSON.writeValueAsBytes(side));
        return row;
    }
}
