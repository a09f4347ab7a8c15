package io.flinkalexnet.launcher.data;

import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.LabelledImage;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.InvalidImageException;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Split;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of PNG/JPEG files as {@link ImageRecord}s carrying the file's bytes. An image inside a sub-folder is
 * labelled by the sub-folder's name, a CIFAR-10 class name or its index 0–9 (e.g. {@code cat/0001.png}); an image
 * directly in the folder has no label. Ids are the folder's name and the file's path below it.
 */
final class ImageFolder {

    /** The classes sub-folders are named after. */
    static final List<String> CLASS_NAMES = CifarBinaryReader.STANDARD_CLASS_NAMES;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final ImageDecoder DECODER = new ImageDecoder();

    private ImageFolder() {}

    /** The PNG/JPEG files under {@code root} (by extension), in path order. */
    static List<Path> files(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> images = paths.filter(Files::isRegularFile).filter(ImageFolder::hasImageExtension).sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new LauncherException(root + " holds no CIFAR-10 batch and no .png, .jpg or .jpeg file: pass a"
                        + " cifar-10-batches-bin folder or a folder of images");
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Every image under {@code root} as a record, checked to decode; a file that does not fails the stream. */
    static Stream<ImageRecord> records(Path root, long eventTimeMillis, Split split) {
        return files(root).stream().map(file -> record(root, file, eventTimeMillis, split));
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static ImageRecord record(Path root, Path file, long eventTimeMillis, Split split) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        PixelEncoding encoding = encodingOf(file, bytes);
        int[] size = size(file, bytes, encoding);
        Path relative = root.relativize(file);
        String rootName = root.toAbsolutePath().normalize().getFileName().toString();
        ImageRecord record = ImageRecord.newBuilder()
                .setId(rootName + "/" + relative.toString().replace('\\', '/'))
                .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
                .setLabel(relative.getNameCount() > 1 ? label(root, relative.getName(0).toString()) : null)
                .setWidth(size[0])
                .setHeight(size[1])
                .setChannels(LabelledImage.CHANNELS)
                .setEncoding(encoding)
                .setPixels(ByteBuffer.wrap(bytes))
                .setSource("file:" + file.getFileName())
                .setSplit(split)
                .build();
        try {
            DECODER.decode(record);
        } catch (InvalidImageException e) {
            // Fails here, naming the file, rather than later in a job as a dead letter.
            throw new LauncherException(file + " is not a usable image: " + e.getMessage(), e);
        }
        return record;
    }

    private static PixelEncoding encodingOf(Path file, byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == PNG_SIGNATURE[0] && bytes[1] == PNG_SIGNATURE[1]
                && bytes[2] == PNG_SIGNATURE[2] && bytes[3] == PNG_SIGNATURE[3]) {
            return PixelEncoding.PNG;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
            return PixelEncoding.JPEG;
        }
        throw new LauncherException(file + " is not a PNG or JPEG image (its first bytes are neither signature):"
                + " remove it or replace it with a readable image");
    }

    /** Width and height from the image's header. */
    private static int[] size(Path file, byte[] bytes, PixelEncoding encoding) {
        String format = encoding == PixelEncoding.PNG ? "png" : "jpeg";
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } catch (IOException | RuntimeException e) {
            throw new LauncherException(file + " cannot be read as " + encoding + " (" + e.getMessage()
                    + "): remove it or replace it with a readable image", e);
        } finally {
            reader.dispose();
        }
    }

    private static int label(Path root, String folderName) {
        for (int label = 0; label < CLASS_NAMES.size(); label++) {
            if (CLASS_NAMES.get(label).equalsIgnoreCase(folderName) || Integer.toString(label).equals(folderName)) {
                return label;
            }
        }
        throw new LauncherException("sub-folder '" + folderName + "' of " + root + " is not a CIFAR-10 class: name"
                + " the sub-folders after the classes (" + String.join(", ", CLASS_NAMES) + ") or 0-9");
    }
}
