package io.flinkalexnet.model.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A minimal ustar writer, so tests can build CIFAR-10-like archives. */
final class TestTarGz {

    private TestTarGz() {}

    /** Writes a gzip-compressed tar of {@code entries} (name to content, in iteration order) to {@code archive}. */
    static void write(Path archive, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tar(entries));
        }
    }

    /** The uncompressed tar bytes of {@code entries}, ending with the two zero blocks. */
    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            boolean directory = entry.getKey().endsWith("/");
            out.write(header(entry.getKey(), "", entry.getValue().length, directory ? '5' : '0', false));
            out.write(entry.getValue());
            out.write(new byte[(512 - entry.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    /**
     * One 512-byte header: POSIX ustar with an optional name {@code prefix}, or with {@code gnu} the old GNU magic,
     * whose bytes from 345 hold access and change times instead of a prefix.
     */
    static byte[] header(String name, String prefix, long size, char type, boolean gnu) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        if (gnu) {
            put(header, 257, "ustar  ");
            put(header, 345, String.format("%011o", 1_600_000_000L));
        } else {
            put(header, 257, "ustar");
            put(header, 263, "00");
            put(header, 345, prefix);
        }
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
