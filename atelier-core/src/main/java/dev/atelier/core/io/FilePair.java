package dev.atelier.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a result and its companion (a picture and its sidecar {@code x.png.json}) as a pair: after a
 * write, either both are the new ones or neither was touched, so a picture never stands without the
 * sidecar that says how it was made, and a failed write (a full disk) never costs the user the pair they
 * had:
 *
 * <pre>{@code
 * FilePair.write(picture, ImageFiles.encoder(image, picture), RunSidecar.pathFor(picture), json);
 * }</pre>
 *
 * <p>Both are first written completely to temporary files in their folders ({@link AtomicFiles}); only then
 * is the sidecar renamed into place, and the picture last, so whoever sees the new picture also finds its
 * sidecar. If anything fails, the temporary files are deleted, and so is the sidecar if it was already moved
 * (the only file of the user's that can then be lost is the old sidecar, when a rename in its own folder
 * fails after the first one succeeded). Files this class did not write are never deleted.
 */
public final class FilePair {
    private FilePair() {}

    /**
     * Writes {@code main} from {@code mainContent} and {@code companion} from {@code companionContent}, as a
     * pair; the folders are created if missing.
     *
     * @throws FileWriteException naming the file that could not be written and why (a full disk in words)
     */
    public static void write(Path main, AtomicFiles.Writer mainContent, Path companion,
            AtomicFiles.Writer companionContent) throws IOException {
        Path mainTmp = null;
        Path companionTmp = null;
        Path failing = main;
        boolean companionMoved = false;
        try {
            mainTmp = AtomicFiles.temporarySibling(main);
            AtomicFiles.fill(mainTmp, mainContent);
            failing = companion;
            companionTmp = AtomicFiles.temporarySibling(companion);
            AtomicFiles.fill(companionTmp, companionContent);
            // both are complete: only now may the user's old pair be replaced
            AtomicFiles.moveIntoPlace(companionTmp, companion);
            companionMoved = true;
            failing = main;
            AtomicFiles.moveIntoPlace(mainTmp, main);
        } catch (IOException | RuntimeException e) {
            if (companionMoved) {
                // the new sidecar must not describe the old picture
                deleteQuietly(companion, e);
            }
            if (e instanceof RuntimeException r && !(e instanceof UncheckedIOException)) {
                throw r;
            }
            throw FileWriteException.of(failing, e);
        } finally {
            discardQuietly(mainTmp);
            discardQuietly(companionTmp);
        }
    }

    /** As {@link #write(Path, AtomicFiles.Writer, Path, AtomicFiles.Writer)}, the companion given as its bytes. */
    public static void write(Path main, AtomicFiles.Writer mainContent, Path companion, byte[] companionBytes)
            throws IOException {
        write(main, mainContent, companion, out -> out.write(companionBytes));
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void discardQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            AtomicFiles.discard(tmp);
        } catch (IOException e) {
            // a leftover temporary file is cleaned by the next write to the folder (TemporaryFiles.cleanStale)
        }
    }
}
