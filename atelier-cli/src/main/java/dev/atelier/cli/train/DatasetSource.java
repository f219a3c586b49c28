package dev.atelier.cli.train;

import dev.atelier.train.data.ImageSet;
import java.io.IOException;

/** Where a train command's images come from: loaded once, after every option has been checked. */
interface DatasetSource {
    /** Training and validation images at their stored size. */
    record Loaded(ImageSet train, ImageSet valid, String description) {}

    Loaded load() throws IOException;
}
