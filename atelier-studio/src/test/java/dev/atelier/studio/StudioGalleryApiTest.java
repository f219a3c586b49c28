package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the page's gallery and modules need from the server: the uploads listed, a thumbnail of every image,
 * the page's ES modules served from the jar (and nothing else under their path), and, with a token, the
 * cookie that lets the page's style sheet and modules load before any of its script has run.
 */
class StudioGalleryApiTest {
    @TempDir
    Path data;

    private StudioServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private StudioClient start(String token) throws Exception {
        server = new StudioServer(new StudioConfig("127.0.0.1", 0, data, token, 1, WeightsProvider.random(),
                UploadLimits.DEFAULT), job -> {});
        return new StudioClient(server.port(), token);
    }

    @Test
    void uploadsAreListedNewestFirstAndEveryImageHasAThumbnail() throws Exception {
        StudioClient client = start(null);
        assertThat(client.get("/api/uploads").json()).isEmpty();
        String small = client.upload(StudioClient.png(64, 48, Color.BLUE, Color.ORANGE)).json().get("ref").asText();
        String large = client.upload(StudioClient.png(400, 300, Color.RED, Color.GREEN)).json().get("ref").asText();
        JsonNode list = client.get("/api/uploads").json();
        assertThat(list).hasSize(2);
        List<String> refs = new ArrayList<>();
        list.forEach(u -> refs.add(u.get("ref").asText()));
        assertThat(refs).containsExactlyInAnyOrder(small, large);
        JsonNode first = list.get(0);
        assertThat(first.get("width").asInt() * 3).isEqualTo(first.get("height").asInt() * 4);

        // an example's and an upload's thumbnail: at most 160 px on the long side, never enlarged
        assertThat(size(client.get("/api/thumb?ref=example:chelsea"))).containsExactly(160, 106);
        assertThat(size(client.get("/api/thumb?ref=" + large))).containsExactly(160, 120);
        assertThat(size(client.get("/api/thumb?ref=" + small))).containsExactly(64, 48);
        // asked again, the same (kept) file
        assertThat(client.get("/api/thumb?ref=example:chelsea").body())
                .isEqualTo(client.get("/api/thumb?ref=example:chelsea").body());

        StudioClient.Reply bad = client.get("/api/thumb?ref=upload:../../etc/passwd");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("no upload with id '../../etc/passwd'");
        assertThat(client.get("/api/thumb?ref=example:nothing").json().get("error").asText())
                .isEqualTo("no built-in example named 'nothing'");
        assertThat(client.get("/api/thumb").json().get("error").asText()).isEqualTo("no image chosen");
    }

    @Test
    void thePageAndEveryModuleItImportsAreServedFromTheJar() throws Exception {
        StudioClient client = start(null);
        String html = new String(client.get("/").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<script type=\"module\" src=\"js/main.js\"></script>").doesNotContain("http://", "https://");
        // every module reachable from main.js, by its imports
        List<String> todo = new ArrayList<>(List.of("main.js"));
        List<String> seen = new ArrayList<>();
        Pattern imports = Pattern.compile("from '\\./([a-z-]+\\.js)'");
        while (!todo.isEmpty()) {
            String m = todo.remove(0);
            if (seen.contains(m)) {
                continue;
            }
            seen.add(m);
            StudioClient.Reply r = client.get("/js/" + m);
            assertThat(r.status()).as(m).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(m).startsWith("text/javascript");
            Matcher x = imports.matcher(new String(r.body(), StandardCharsets.UTF_8));
            while (x.find()) {
                todo.add(x.group(1));
            }
        }
        assertThat(seen).contains("api.js", "canvas.js", "brush.js", "gallery.js", "history.js", "controls.js",
                "progress.js", "keys.js", "harmonize.js");
        for (String path : List.of("/js/nothing.js", "/js/Main.js", "/js/..%2Fapp.css", "/js/main.js.map")) {
            assertThat(client.get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(client.get("/app.js").status()).as("the old single script is gone").isEqualTo(404);
    }

    @Test
    void withATokenThePageSetsTheCookieItsStyleSheetAndModulesLoadWith() throws Exception {
        start("s3cret-token");
        StudioClient anonymous = new StudioClient(server.port(), null);
        StudioClient.Reply page = anonymous.get("/?token=s3cret-token");
        assertThat(page.status()).isEqualTo(200);
        String cookie = page.headers().firstValue("Set-Cookie").orElse("");
        assertThat(cookie).startsWith(AccessGuard.COOKIE + "=s3cret-token;").contains("SameSite=Strict");
        assertThat(anonymous.get("/js/main.js").status()).isEqualTo(401);
        for (String path : List.of("/app.css", "/js/main.js", "/api/thumb?ref=example:chelsea")) {
            StudioClient.Reply r = anonymous.send(anonymous.builder(path).header("Cookie", AccessGuard.COOKIE + "=s3cret-token").GET());
            assertThat(r.status()).as(path).isEqualTo(200);
        }
    }

    private static int[] size(StudioClient.Reply r) throws Exception {
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        return new int[] {img.getWidth(), img.getHeight()};
    }
}
