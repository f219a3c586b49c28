package dev.atelier.style.engine;

import dev.atelier.core.SettingException;
import java.nio.file.Path;

/** What the optimised image starts from. */
public sealed interface StartImage {
    /** The content image itself (default for transfer): the photo gets painted over. */
    record Content() implements StartImage {
        @Override
        public String describe() {
            return "content";
        }
    }

    /** The lesson's median-filtered uniform noise (default for content and style modes). */
    record Noise() implements StartImage {
        @Override
        public String describe() {
            return "noise";
        }
    }

    /** An image file, resized to the output size. */
    record FromFile(Path file) implements StartImage {
        @Override
        public String describe() {
            return file.toString();
        }
    }

    /** How settings and sidecars name this start. */
    String describe();

    /** Parses {@code content}, {@code noise} or a file path. */
    static StartImage parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SettingException("init", "give content, noise or an image file");
        }
        return switch (text.trim()) {
            case "content" -> new Content();
            case "noise" -> new Noise();
            default -> new FromFile(Path.of(text.trim()));
        };
    }
}
