package io.flinkalexnet.model.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes labelled images as a CIFAR-10 binary batch file and class names as a {@code batches.meta.txt}. */
public final class CifarBinaryWriter {

    private CifarBinaryWriter() {}

    /** Writes {@code images} to {@code file} (replacing it), each as its label byte and 3,072 pixel bytes. */
    public static void write(Path file, List<LabelledImage> images) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (LabelledImage image : images) {
                out.write(image.label());
                out.write(image.planarPixels());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CIFAR-10 batch " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code classNames} to {@code file} (replacing it), one per line in label order, as in {@code batches.meta.txt}. */
    public static void writeClassNames(Path file, List<String> classNames) {
        StringBuilder text = new StringBuilder();
        for (String name : classNames) {
            text.append(name).append('\n');
        }
        try {
            Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CIFAR-10 class names " + file + ": " + e.getMessage(), e);
        }
    }
}
