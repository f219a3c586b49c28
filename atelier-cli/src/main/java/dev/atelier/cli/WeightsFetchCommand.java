package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.KnownWeights;
import dev.atelier.core.weights.StoredWeights;
import dev.atelier.core.weights.WeightDownloader;
import dev.atelier.core.weights.WeightFetcher;
import dev.atelier.core.weights.WeightStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier weights fetch NAME}: download pretrained weights into the store. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Download pretrained weights into the store, with a progress bar, resume and a checksum check.",
            "NAME is one of: vgg16, vgg16_bn, vgg19, vgg19_bn (torchvision checkpoints, whole), or "
                    + "vgg16-features, vgg16_bn-features, vgg19-features, vgg19_bn-features (only the "
                    + "convolutional part, fetched by HTTP range requests from timm's safetensors copies)."
        })
public final class WeightsFetchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "known name, or a new name with --url")
    String name;

    @CommandLine.Option(names = "--url", paramLabel = "URL", description = "download from this URL instead (a mirror)")
    URI url;

    @CommandLine.Option(names = "--sha256", paramLabel = "HEX",
            description = "expected SHA-256 of the download, or its start (default: the known prefix)")
    String sha256;

    @CommandLine.Option(names = "--features-only",
            description = "with --url of a .safetensors file: fetch only its features.* tensors by range requests")
    boolean featuresOnly;

    @CommandLine.Option(names = "--force", description = "fetch again even if the store holds NAME")
    boolean force;

    @Override
    public Integer call() throws Exception {
        KnownWeights.Entry entry = entry();
        WeightStore store = WeightsCommand.store();
        StoredWeights stored = fetch(store, entry);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("stored %s (%s, %s, sha256 %s) as %s%n", stored.name(), stored.architecture(),
                WeightsCommand.humanSize(stored.size()), stored.sha256(), store.pathOf(stored));
        if (entry.kind() == KnownWeights.Kind.FEATURES_BY_RANGE) {
            out.println("no hash is published for a features-only subset: the SHA-256 above is of the file Atelier wrote");
        }
        out.flush();
        return 0;
    }

    /** Fetches {@code entry}, saying which of this command's options (or which command) helps when it fails. */
    private StoredWeights fetch(WeightStore store, KnownWeights.Entry entry) throws IOException {
        try {
            return new WeightFetcher(store, WeightDownloader.builder().build()).fetch(entry, force);
        } catch (WeightStore.NameTakenException e) {
            throw new InvalidInputException(e.getMessage() + " (check it with `atelier weights verify " + entry.name()
                    + "`; --force fetches it again)", e);
        } catch (WeightFetcher.OfflineException e) {
            throw new InvalidInputException(e.getMessage() + " (atelier weights import FILE --as " + entry.name() + ")",
                    e);
        }
    }

    private KnownWeights.Entry entry() {
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{1,64}")) {
            throw new InvalidInputException("--sha256 must be hexadecimal (the whole SHA-256 or its start): " + sha256);
        }
        if (name.contains("://")) {
            throw new InvalidInputException("'" + name + "' is a URL, not a name: give a name and the URL with --url,"
                    + " e.g. atelier weights fetch my-vgg --url https://host/file.pth");
        }
        KnownWeights.Entry known = KnownWeights.find(name).orElse(null);
        if (known == null && url == null) {
            KnownWeights.require(name);
        }
        if (url != null && url.getScheme() == null) {
            throw new InvalidInputException("--url needs a scheme, e.g. https://host/file.pth: " + url);
        }
        if (url != null) {
            WeightDownloader.requireHttpUrl(url);
        }
        WeightStore.requireUsableName(name);
        KnownWeights.Kind kind = featuresOnly ? KnownWeights.Kind.FEATURES_BY_RANGE
                : known != null ? known.kind() : KnownWeights.Kind.WHOLE_FILE;
        // A mirror serves the same file, so a known entry's published prefix still applies to --url.
        String prefix = sha256 != null ? sha256 : known != null ? known.sha256Prefix() : "";
        return new KnownWeights.Entry(name, url != null ? url : known.url(), prefix, kind,
                known != null ? known.architecture() : "unknown");
    }
}
