package io.flinkalexnet.jobs.train;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Collects a serialised training state as fixed-size chunks with its SHA-256: hundreds of
 * megabytes never need one contiguous array, and each chunk is one list-state entry.
 */
final class ChunkedStateOutput extends OutputStream {

    private final int chunkSize;
    private final List<byte[]> chunks = new ArrayList<>();
    private final MessageDigest digest = sha256();
    private byte[] current;
    private int position;
    private long size;

    ChunkedStateOutput(int chunkSize) {
        this.chunkSize = chunkSize;
        this.current = new byte[chunkSize];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
        size += length;
        while (length > 0) {
            int n = Math.min(length, chunkSize - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
            if (position == chunkSize) {
                chunks.add(current);
                current = new byte[chunkSize];
                position = 0;
            }
        }
    }

    /** The chunks, the last one trimmed; call once, after writing. */
    List<byte[]> chunks() {
        if (position > 0) {
            chunks.add(java.util.Arrays.copyOf(current, position));
            position = 0;
        }
        return chunks;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    long size() {
        return size;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
