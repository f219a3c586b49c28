package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.vgg.FeaturePrecision;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunControl;
import dev.atelier.style.engine.StyleInput;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.engine.StyleTransferListener;
import dev.atelier.style.engine.StyleTransferSettings;
import dev.atelier.style.engine.StyleTransferSettingsTable;
import dev.atelier.style.harmonize.HarmonizationSettingsTable;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.settings.FrontEnd;
import dev.atelier.style.settings.Setting;
import dev.atelier.style.settings.SettingsTable;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio against the settings tables: the page is told every setting the studio offers with the table's
 * label and default, every field reaches the run as the table reads it, a bad value comes back naming its
 * field and label, and a run paints exactly what the library paints with the same settings.
 */
class StudioSettingsTableTest {
    private static final Map<String, Object> SAMPLES = Map.of("net", "vgg16", "pooling", "max", "content_layers",
            "relu3_1", "style_layers", "relu1_1:0.5,relu2_1:2", "content_weight", 2, "style_weight", 30,
            "tv_weight", 0.5, "lr", 0.5, "time", "1m30s");

    @TempDir
    Path data;
    private StudioServer server;
    private StudioClient client;

    @BeforeEach
    void start() throws Exception {
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), job -> {});
        client = new StudioClient(server.port(), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void thePageIsToldEverySettingWithTheTablesLabelAndDefault() {
        JsonNode info = client.get("/api/info").json();
        check(info.get("settings"), StyleTransferSettingsTable.TABLE);
        check(info.get("harmonizeSettings"), HarmonizationSettingsTable.TABLE);
        // the time budget is a studio control too (issue #24), empty meaning off as on the command line
        JsonNode time = null;
        for (JsonNode n : info.get("settings")) {
            if (n.get("field").asText().equals("time")) {
                time = n;
            }
        }
        assertThat(time).as("the studio offers the time budget").isNotNull();
        assertThat(time.get("label").asText()).isEqualTo("Time budget");
        assertThat(time.get("default").asText()).isEqualTo("off");
        assertThat(time.get("steerable").asBoolean()).as("fixed once a run starts, as its size").isFalse();
        assertThat(info.at("/defaults/size").asText()).isEqualTo(String.valueOf(StyleTransferSettings.DEFAULT_SIZE));
        assertThat(info.at("/defaults/maxEvals").asText())
                .isEqualTo(String.valueOf(StyleTransferSettings.DEFAULT_MAX_EVALUATIONS));
    }

    private static void check(JsonNode listed, SettingsTable<?, ?> table) {
        List<String> fields = new ArrayList<>();
        listed.forEach(n -> fields.add(n.get("field").asText()));
        List<? extends Setting<?, ?, ?>> offered = table.offeredBy(FrontEnd.STUDIO);
        assertThat(fields).containsExactlyElementsOf(offered.stream().map(s -> FrontEnd.STUDIO.nameOf(s.key())).toList());
        for (int i = 0; i < offered.size(); i++) {
            assertThat(listed.get(i).get("label").asText()).isEqualTo(offered.get(i).label());
            assertThat(listed.get(i).get("default").asText()).isEqualTo(offered.get(i).defaultText());
        }
    }

    @Test
    void everyFieldReachesTheSettingsAsTheTableReadsIt() throws Exception {
        for (Setting<?, StyleTransferSettings.Builder, StyleTransferSettings> s
                : StyleTransferSettingsTable.TABLE.offeredBy(FrontEnd.STUDIO)) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object value = SAMPLES.getOrDefault(s.key(), s.defaultValue() == null ? s.defaultText()
                    : s.type().isNumeric() ? s.defaultValue() : ((Setting) s).type().format(s.defaultValue()));
            String json = StudioClient.JSON.writeValueAsString(Map.of(FrontEnd.STUDIO.nameOf(s.key()), value));
            Controls c = StudioClient.JSON.readValue(json, Controls.class);
            StyleTransferSettings.Builder direct = StyleTransferSettings.frontEndBuilder();
            s.applyText(direct, value.toString());
            assertThat(s.valueIn(c.builder().build())).as(s.key()).isEqualTo(s.valueIn(direct.build()));
            // and it survives the history's JSON round trip
            assertThat(StudioClient.JSON.readValue(StudioClient.JSON.writeValueAsString(c), Controls.class)).isEqualTo(c);
        }
    }

    @Test
    void aBadValueIsReportedWithItsFieldAndLabelAndUnknownOrRepeatedFieldsAreRefused() {
        String content = upload(Color.BLUE, Color.ORANGE);
        Map<String, Object> c = controls(content, upload(Color.RED, Color.GREEN));
        c.put("size", 8);
        StudioClient.Reply r = client.post("/api/jobs", c);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("size");
        assertThat(r.json().get("error").asText()).isEqualTo("Size (px): must be at least 16 pixels, got 8");
        c.put("size", 48.7);
        assertThat(client.post("/api/jobs", c).json().get("error").asText()).contains("'48.7' is not a whole number");
        c.put("size", 48);
        c.put("sise", 48);
        r = client.post("/api/jobs", c);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("unknown field 'sise'");
        StudioClient.Reply twice = client.post("/api/jobs", "{\"content\": \"" + content + "\", \"content\": \"x\"}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("error").asText()).contains("content");
    }

    @Test
    void aRunPaintsExactlyWhatTheLibraryPaintsWithTheSameSettings() throws Exception {
        String content = upload(Color.BLUE, Color.ORANGE);
        String style = upload(Color.RED, Color.GREEN);
        Map<String, Object> c = controls(content, style);
        StudioClient.Reply r = client.post("/api/jobs", c);
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        String id = r.json().get("id").asText();
        client.waitForRun(id, "done");
        BufferedImage studio = ImageIO.read(new ByteArrayInputStream(client.get("/api/runs/" + id + "/result.png").body()));

        StyleTransferSettings settings = StyleTransferSettings.builder().optSize(48).optMaxEvaluations(6).optSeed(4)
                .optScales("1").optPrecision(FeaturePrecision.FP32).optSaveEvery(Controls.DEFAULT_PREVIEW_EVERY)
                .optRandomWeights(true).build();
        RgbImage painted = new StyleTransferEngine(settings, NetworkWeights.random())
                .run(List.of(decoded(StudioClient.png(64, 48, Color.BLUE, Color.ORANGE))),
                        List.of(StyleInput.of(decoded(
                                StudioClient.png(40, 40, Color.RED, Color.GREEN)))),
                        new StyleTransferListener() {}, new RunControl()).images().get(0);
        BufferedImage lib = painted.toBufferedImage();
        assertThat(pixels(studio)).as("bit-identical pixels").isEqualTo(pixels(lib));
    }

    private Map<String, Object> controls(String content, String style) {
        Map<String, Object> c = new HashMap<>();
        c.put("content", content);
        c.put("styles", List.of(Map.of("image", style)));
        c.put("size", 48);
        c.put("maxEvals", 6);
        c.put("scales", "1");
        c.put("seed", 4);
        c.put("precision", "fp32");
        return c;
    }

    private String upload(Color a, Color b) {
        boolean square = a == Color.RED;
        StudioClient.Reply r = client.upload(StudioClient.png(square ? 40 : 64, square ? 40 : 48, a, b));
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        return r.json().get("ref").asText();
    }

    private static RgbImage decoded(byte[] png) throws java.io.IOException {
        return RgbImage.of(ImageIO.read(new ByteArrayInputStream(png)));
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
