package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier studio}: refusals of unsafe or impossible set-ups, one line and exit 2, before serving. */
class StudioCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anAddressReachableFromOtherMachinesNeedsAToken() {
        CliRun r = CliRun.execute("studio", "--host", "0.0.0.0", "--data", tmp.resolve("d").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("atelier: --host: 0.0.0.0").contains("give a token").doesNotContain("\n");
        assertThat(Files.exists(tmp.resolve("d"))).isFalse();
    }

    @Test
    void badWorkerCountsAndShortTokensAreRefused() {
        assertThat(CliRun.execute("studio", "--workers", "0", "--data", tmp.toString()).err()).contains("--workers");
        CliRun r = CliRun.execute("studio", "--host", "0.0.0.0", "--token", "short", "--data", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("at least 8 characters");
    }

    @Test
    void aBusyPortIsOneLine() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.execute("studio", "--port", "" + busy.getLocalPort(), "--data", tmp.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("atelier: --port: cannot listen on 127.0.0.1:" + busy.getLocalPort())
                    .doesNotContain("\n");
        }
    }
}
