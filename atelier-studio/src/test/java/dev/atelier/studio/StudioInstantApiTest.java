package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instant mode over HTTP: the networks of the {@code --nets} folder and uploads listed, hostile network files
 * refused with one line naming the network's field, a photo painted at once and kept as a run, and a refinement
 * branched from it (the normal optimisation from the network's picture).
 */
class StudioInstantApiTest {
    @TempDir
    Path data;
    @TempDir
    Path netsDir;
    @TempDir
    Path scratch;

    private StudioServer server;
    private StudioClient client;

    @BeforeEach
    void start() throws Exception {
        TinyStyleNets.write(netsDir.resolve("wave.stylenet"), 1);
        TinyStyleNets.write(netsDir.resolve("mosaic.stylenet"), 2);
        // not networks: never listed
        Files.writeString(netsDir.resolve("notes.txt"), "hello");
        Files.writeString(netsDir.resolve("broken.stylenet"), "not a network at all");
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, null, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT).withNets(netsDir), job -> {});
        client = new StudioClient(server.port(), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String uploadPhoto(int w, int h) {
        StudioClient.Reply r = client.upload(StudioClient.png(w, h, Color.BLUE, Color.ORANGE));
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        return r.json().get("ref").asText();
    }

    private StudioClient.Reply uploadNet(byte[] bytes, String name) {
        return client.send(client.builder("/api/nets?name=" + name).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void theNetsFolderAndUploadsAreListed() throws Exception {
        JsonNode list = client.get("/api/nets").json();
        assertThat(list).extracting(n -> n.get("ref").asText()).containsExactly("net:broken", "net:mosaic", "net:wave");
        byte[] net = Files.readAllBytes(TinyStyleNets.write(scratch.resolve("up.stylenet"), 3));
        StudioClient.Reply up = uploadNet(net, "my%20net.stylenet");
        assertThat(up.status()).as(new String(up.body())).isEqualTo(201);
        assertThat(up.json().get("ref").asText()).matches("net-upload:[0-9a-f]{32}");
        assertThat(up.json().get("name").asText()).isEqualTo("my net");
        assertThat(client.get("/api/nets").json()).extracting(n -> n.get("ref").asText())
                .contains(up.json().get("ref").asText()).hasSize(4);
    }

    @Test
    void hostileNetworkFilesAreRefusedWithOneLineBesideTheField() throws Exception {
        byte[] good = Files.readAllBytes(TinyStyleNets.write(scratch.resolve("good.stylenet"), 4));
        Map<String, byte[]> hostile = new java.util.LinkedHashMap<>();
        hostile.put("empty", new byte[0]);
        hostile.put("text", "hello, this is not a network".getBytes(StandardCharsets.UTF_8));
        hostile.put("png", StudioClient.png(16, 16, Color.RED, Color.GREEN));
        hostile.put("truncated", Arrays.copyOf(good, good.length - 8));
        byte[] huge = Arrays.copyOf(good, good.length);
        // the header's length says 2^62 bytes
        huge[7] = 0x40;
        hostile.put("huge-header", huge);
        hostile.put("other-format", new String(good, StandardCharsets.ISO_8859_1)
                .replace("atelier-style-net", "atelier-style-xyz").getBytes(StandardCharsets.ISO_8859_1));
        int before = client.get("/api/nets").json().size();
        for (Map.Entry<String, byte[]> e : hostile.entrySet()) {
            StudioClient.Reply r = uploadNet(e.getValue(), e.getKey());
            assertThat(r.status()).as(e.getKey() + ": " + new String(r.body())).isEqualTo(400);
            String error = r.json().get("error").asText();
            assertThat(error).as(e.getKey()).startsWith("Style network: network refused").doesNotContain("\n")
                    .doesNotContain(data.toString()).doesNotContain("Exception");
            assertThat(r.json().get("field").asText()).isEqualTo("styleNet");
        }
        assertThat(client.get("/api/nets").json().size()).isEqualTo(before);
        try (var files = Files.list(data.resolve("nets"))) {
            assertThat(files.toList()).as("nothing of a refused upload is kept").isEmpty();
        }
        // larger than the upload limit: read up to it and no further
        StudioClient.Reply big = uploadNet(new byte[(int) UploadLimits.DEFAULT.maxBytes() + 10], "big");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.json().get("error").asText()).contains("larger than the limit");

        // a broken file in the folder is refused when used, by its reference, not the server's path
        String photo = uploadPhoto(64, 48);
        StudioClient.Reply r = client.post("/api/instant", Map.of("content", photo, "styleNet", "net:broken"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("styleNet");
        assertThat(r.json().get("error").asText()).contains("net:broken is not a usable style network")
                .doesNotContain(netsDir.toString());
        for (String ref : List.of("net:../../etc/passwd", "net:nothing", "net-upload:0123", "file:/etc/passwd")) {
            StudioClient.Reply bad = client.post("/api/instant", Map.of("content", photo, "styleNet", ref));
            assertThat(bad.status()).as(ref).isEqualTo(400);
            assertThat(bad.json().get("field").asText()).isEqualTo("styleNet");
        }
    }

    @Test
    void instantPaintsThePhotoAtOnceKeepsItAsARunAndARefinementStartsFromIt() throws Exception {
        String photo = uploadPhoto(80, 60);
        Map<String, Object> ask = new HashMap<>(Map.of("content", photo, "styleNet", "net:wave", "size", 64));
        StudioClient.Reply r = client.post("/api/instant", ask);
        assertThat(r.status()).as(new String(r.body())).isEqualTo(201);
        JsonNode run = r.json();
        String id = run.get("id").asText();
        assertThat(run.get("kind").asText()).isEqualTo("instant");
        assertThat(run.get("status").asText()).isEqualTo("done");
        assertThat(run.get("hasResult").asBoolean()).isTrue();
        assertThat(run.get("settings").get("style_net").get("ref").asText()).isEqualTo("net:wave");
        BufferedImage result = decode(client.get("/api/runs/" + id + "/result.png").body());
        assertThat(result.getWidth()).isEqualTo(64);
        assertThat(result.getHeight()).isEqualTo(48);
        JsonNode side = client.get("/api/runs/" + id + "/sidecar.json").json();
        assertThat(side.get("style_net").get("architecture").get("widths").toString()).isEqualTo("[4,8,8]");
        assertThat(client.get("/api/runs").json()).extracting(n -> n.get("id").asText()).contains(id);
        // the same photo and network paint the same picture
        String again = client.post("/api/instant", ask).json().get("id").asText();
        assertThat(client.get("/api/runs/" + again + "/result.png").body())
                .isEqualTo(client.get("/api/runs/" + id + "/result.png").body());
        // a bad size is the size field's
        StudioClient.Reply small = client.post("/api/instant", Map.of("content", photo, "styleNet", "net:wave", "size", 4));
        assertThat(small.status()).isEqualTo(400);
        assertThat(small.json().get("field").asText()).isEqualTo("size");
        // no preset: an instant picture has no optimisation settings
        assertThat(client.get("/api/runs/" + id + "/preset.json").status()).isEqualTo(400);

        Map<String, Object> controls = new HashMap<>();
        controls.put("styles", List.of(Map.of("image", "example:hokusai-great-wave")));
        controls.put("size", 64);
        controls.put("maxEvals", 4);
        controls.put("scales", "2");
        controls.put("previewEvery", 1);
        StudioClient.Reply refine = client.post("/api/runs/" + id + "/branch", Map.of("controls", controls));
        assertThat(refine.status()).as(new String(refine.body())).isEqualTo(201);
        String job = refine.json().get("id").asText();
        JsonNode done = client.waitForRun(job, "done");
        assertThat(done.get("parent").asText()).isEqualTo(id);
        assertThat(done.get("kind").asText()).isEqualTo("transfer");
        assertThat(done.get("controls").get("content").asText()).isEqualTo(photo);
        // the normal optimisation: its own scale ladder, not the branch's one scale, from the network's picture
        assertThat(done.get("settings").get("init").asText()).endsWith("snapshot-0.png");
        assertThat(done.get("snapshots").asInt()).isEqualTo(2);
        BufferedImage refined = decode(client.get("/api/runs/" + job + "/result.png").body());
        assertThat(refined.getWidth()).isEqualTo(64);
        assertThat(refined.getHeight()).isEqualTo(48);
    }
}
