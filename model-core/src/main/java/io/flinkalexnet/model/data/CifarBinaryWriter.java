package io.flinkalexnet.model.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes labelled images as a CIFAR-10 binary batch file. */
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
}
