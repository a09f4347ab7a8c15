package io.flinkalexnet.model.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming reader of POSIX/GNU tar archives: 512-byte headers, regular files, no extensions.
 *
 * <p>Enough for the CIFAR-10 archive, whose entry names are short; GNU long names and pax headers are skipped
 * as non-file entries, so an entry whose name needed them is seen under its truncated name. Thread-confined.
 */
final class TarReader {

    /** One archive member. */
    record Entry(String name, long size, boolean regularFile) {

        /** The name after the last '/'. */
        String fileName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private final String archiveName;
    private final byte[] header = new byte[BLOCK];
    private long unreadInEntry;
    private long paddingAfterEntry;
    private long headerPosition;

    /** Reads the tar stream {@code in}; {@code archiveName} names it in error messages. */
    TarReader(InputStream in, String archiveName) {
        this.in = in;
        this.archiveName = archiveName;
    }

    /** Skips what is left of the current entry and returns the next one, or null at the end of the archive. */
    Entry nextEntry() throws IOException {
        in.skipNBytes(unreadInEntry + paddingAfterEntry);
        headerPosition += unreadInEntry + paddingAfterEntry;
        unreadInEntry = 0;
        paddingAfterEntry = 0;
        int read = in.readNBytes(header, 0, BLOCK);
        if (read == 0 || isZero(header)) {
            return null;
        }
        if (read < BLOCK) {
            throw new EOFException(archiveName + " ends inside a tar header at byte " + headerPosition);
        }
        verifyChecksum();
        String name = text(0, 100);
        // Only POSIX ustar ("ustar\0") has a name prefix; old GNU headers ("ustar  ") keep times there.
        if (text(257, 6).equals("ustar") && !text(345, 155).isEmpty()) {
            name = text(345, 155) + "/" + name;
        }
        long size = size();
        byte type = header[156];
        headerPosition += BLOCK;
        unreadInEntry = size;
        paddingAfterEntry = (BLOCK - size % BLOCK) % BLOCK;
        return new Entry(name, size, type == '0' || type == 0);
    }

    /** The unread data of the current entry; reading past its end returns -1; closing it does nothing. */
    InputStream entryStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (unreadInEntry == 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw new EOFException();
                }
                unreadInEntry--;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (unreadInEntry == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, unreadInEntry));
                if (n < 0) {
                    throw new EOFException();
                }
                unreadInEntry -= n;
                return n;
            }
        };
    }

    private void verifyChecksum() {
        long expected = parseOctal(text(148, 8));
        long actual = 0;
        for (int i = 0; i < BLOCK; i++) {
            actual += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        if (expected != actual) {
            throw new CifarDataException(archiveName + " is not a tar archive (bad header checksum at byte "
                    + headerPosition + "): pass the official cifar-10-binary.tar.gz");
        }
    }

    private long size() {
        if ((header[124] & 0x80) != 0) {
            // GNU base-256 encoding for sizes beyond the 8 GiB the octal field holds.
            long size = header[124] & 0x7F;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xFF);
            }
            return size;
        }
        return octal(124, 12);
    }

    private long octal(int offset, int length) {
        String field = text(offset, length);
        long value = parseOctal(field);
        if (value < 0) {
            throw new CifarDataException(archiveName + " is not a tar archive (header field '" + field.trim()
                    + "' at byte " + (headerPosition + offset) + " is not octal): pass the official cifar-10-binary.tar.gz");
        }
        return value;
    }

    /** The value of an octal header field (empty means 0), or -1 when it is not octal. */
    private static long parseOctal(String field) {
        String digits = field.trim();
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String text(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
