package dev.atelier.cli;

import dev.atelier.core.weights.WeightStore;
import dev.atelier.studio.StoreWeights;
import dev.atelier.studio.StudioConfig;
import dev.atelier.studio.StudioServer;
import dev.atelier.studio.UploadLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier studio}: the interactive web studio, served locally until Ctrl-C. */
@Command(name = "studio", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start Atelier Studio, a local web page to paint interactively: live preview, pause, change "
                + "weights and paint masks while it runs, history. Prints its URL; opens no browser.",
            "Example: atelier studio --port 7860 --data out/studio"})
public final class StudioCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "" + StudioConfig.DEFAULT_PORT, paramLabel = "N",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data", defaultValue = "studio-data", paramLabel = "DIR",
            description = "Folder for the history database, uploads and images (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "H",
            description = "Address to bind (default: ${DEFAULT-VALUE}); any other than loopback needs --token.")
    String host;

    @Option(names = "--token", paramLabel = "T", description = "Secret every request must carry (at least 8 characters).")
    String token;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Runs painted at the same time (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--nets", paramLabel = "DIR",
            description = "Folder of style networks (.stylenet, from style-net train) offered by instant mode.")
    Path nets;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StudioConfig config = new StudioConfig(host, port, data, token, workers,
                new StoreWeights(WeightStore.defaultStore(), System.err), UploadLimits.DEFAULT, nets);
        StudioServer server = StudioServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("atelier: studio did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "studio-stop"));
        out.println("Atelier Studio: " + server.url() + "  (data in " + data.toAbsolutePath() + "; Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }
}
