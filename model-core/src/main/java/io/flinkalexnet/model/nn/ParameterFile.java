package io.flinkalexnet.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engine-independent binary format for named float32 tensors: parameters, batch-norm statistics
 * and optimizer moments, so that a model trained on one engine loads on the other.
 *
 * <p>Layout (big-endian framing, little-endian tensor bytes): magic {@code FANP}, format version,
 * tensor count, then per tensor its name (modified UTF-8), rank, dimensions and raw data.
 */
public final class ParameterFile {

    private static final int MAGIC = 0x46414E50;
    private static final int VERSION = 1;
    private static final int CHUNK = 1 << 20;

    private ParameterFile() {}

    /** Writes the tensors in iteration order. */
    public static void write(DataOutputStream out, Map<String, NDArray> tensors) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(tensors.size());
        byte[] chunk = new byte[CHUNK];
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray array = entry.getValue();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "tensor " + entry.getKey() + " is " + array.getDataType() + ", only float32 is stored");
            }
            out.writeUTF(entry.getKey());
            long[] dims = array.getShape().getShape();
            out.writeInt(dims.length);
            for (long dim : dims) {
                out.writeLong(dim);
            }
            ByteBuffer data = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                data = toLittleEndian(array);
            }
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }

    /**
     * Reads a file written by {@link #write} into the given arrays, which must have exactly the
     * same names and shapes; {@code what} names the source in errors ("checkpoint", "artifact").
     */
    public static void readInto(DataInputStream in, Map<String, NDArray> targets, String what)
            throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(what + " does not hold flink-alexnet parameters (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(
                    what + " has parameter format version " + version + "; this build reads " + VERSION);
        }
        int count = in.readInt();
        if (count != targets.size()) {
            throw new IOException(
                    what + " holds " + count + " tensors but the network expects " + targets.size()
                            + ": it was written for another architecture or variant");
        }
        Map<String, NDArray> remaining = new LinkedHashMap<>(targets);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray target = remaining.remove(name);
            if (target == null) {
                throw new IOException(
                        what + " holds tensor '" + name + "' which the network does not have: it was"
                                + " written for another architecture or variant");
            }
            long[] dims = new long[in.readInt()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.readLong();
            }
            if (!target.getShape().equals(new Shape(dims))) {
                throw new IOException(
                        what + " tensor '" + name + "' has shape " + Arrays.toString(dims)
                                + " but the network expects " + target.getShape());
            }
            byte[] bytes = new byte[Math.toIntExact(target.getShape().size() * Float.BYTES)];
            in.readFully(bytes);
            target.set(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        }
    }

    private static ByteBuffer toLittleEndian(NDArray array) {
        float[] values = array.toFloatArray();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }
}
