package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.core.memory.DecodeBudget;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads share the heap set aside for decoding: when other decodes hold it, an upload is answered 503
 * with one line and {@code Retry-After}, never a 500 from a request thread that ran out of memory.
 */
class StudioUploadMemoryTest {
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
        System.clearProperty(DecodeBudget.OVERRIDE.property());
        server.close();
    }

    @Test
    void anUploadWhileOtherDecodesHoldTheHeapIsAnswered503WithRetryAfter() {
        byte[] photo = StudioClient.png(600, 400, Color.BLUE, Color.ORANGE);
        System.setProperty(DecodeBudget.OVERRIDE.property(), Long.toString(DecodeBudget.bytesFor(600, 400) * 3 / 2));
        StudioClient.Reply busy;
        // the test holds most of the budget, as a large decode in another request would
        try (DecodeBudget.Reservation other = DecodeBudget.reserve("another upload", 600, 400)) {
            busy = client.upload(photo);
        }
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
        assertThat(busy.json().get("error").asText()).startsWith("busy:").doesNotContain("\n");
        // once the heap is given back the same upload is taken, and the budget is whole again
        StudioClient.Reply taken = client.upload(photo);
        assertThat(taken.status()).as(new String(taken.body())).isEqualTo(201);
        assertThat(DecodeBudget.inUse()).isZero();
    }

    @Test
    void manyParallelUploadsAreEachTakenOrTurnedAwayNeverFailed() throws Exception {
        byte[] photo = StudioClient.png(1200, 900, Color.RED, Color.GREEN);
        // room for two decodes at once
        System.setProperty(DecodeBudget.OVERRIDE.property(), Long.toString(DecodeBudget.bytesFor(1200, 900) * 2));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<StudioClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                replies.add(pool.submit(() -> client.upload(photo)));
            }
            int taken = 0;
            for (Future<StudioClient.Reply> f : replies) {
                StudioClient.Reply r = f.get();
                assertThat(r.status()).as(new String(r.body())).isIn(201, 503);
                if (r.status() == 503) {
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                } else {
                    taken++;
                }
            }
            assertThat(taken).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(DecodeBudget.inUse()).isZero();
    }
}
