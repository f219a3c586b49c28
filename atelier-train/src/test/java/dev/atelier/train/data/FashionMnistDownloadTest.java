package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server serving small generated IDX files. */
class FashionMnistDownloadTest {
    @TempDir
    Path served;
    @TempDir
    Path cache;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> checksums = new HashMap<>();

    @BeforeEach
    void serve() throws IOException {
        IdxFixtures.writeFashionMnist(served, 10, true);
        for (String name : FashionMnist.FILES) {
            checksums.put(name, FashionMnistDownload.contentSha256(served.resolve(name + ".gz")));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            Path file = served.resolve(exchange.getRequestURI().getPath().substring("/data/".length()));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
    }

    @Test
    void fetchesAllFourFilesVerifiesThemAndLoads() throws IOException {
        new FashionMnistDownload(base(), checksums).fetchInto(cache);
        assertThat(requests).hasSize(4);
        assertThat(FashionMnist.load(cache, FashionMnist.Split.TRAIN).size()).isEqualTo(10);
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith("-ubyte.gz"));
        }
        new FashionMnistDownload(base(), checksums).fetchInto(cache);
        assertThat(requests).as("a complete cache is not downloaded again").hasSize(4);
    }

    @Test
    void aCorruptDownloadFailsAndLeavesNoFileBehind() throws IOException {
        checksums.put("t10k-images-idx3-ubyte", "00".repeat(32));
        assertThatThrownBy(() -> new FashionMnistDownload(base(), checksums).fetchInto(cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("corrupt")
                .hasMessageContaining("t10k-images");
        assertThat(cache.resolve("t10k-images-idx3-ubyte.gz")).doesNotExist();
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void anHttpErrorNamesTheUrlAndStatus() throws IOException {
        Files.delete(served.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> new FashionMnistDownload(base(), checksums).fetchInto(cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("404")
                .hasMessageContaining("train-labels-idx1-ubyte.gz");
    }

    @Test
    void contentChecksumIgnoresCompression() throws IOException {
        Path raw = served.resolve("raw");
        Files.write(raw, IdxFixtures.idx(new int[] {3}, new byte[] {1, 2, 3}));
        Path gz = served.resolve("raw.gz");
        Files.write(gz, IdxFixtures.gzip(Files.readAllBytes(raw)));
        assertThat(FashionMnistDownload.contentSha256(gz)).isEqualTo(FashionMnistDownload.contentSha256(raw));
    }

    @Test
    void officialChecksumsMatchTheInstalledDebianCopyWhenPresent() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.isComplete(FashionMnist.DEBIAN_DIR),
                "dataset-fashion-mnist is not installed; skipping the check of the published checksums");
        for (String name : FashionMnist.FILES) {
            Path f = FashionMnist.find(FashionMnist.DEBIAN_DIR, name).orElseThrow();
            assertThat(FashionMnistDownload.contentSha256(f)).as(name)
                    .isEqualTo(FashionMnistDownload.CONTENT_SHA256.get(name));
        }
    }
}
