package io.flinkalexnet.jobs.train;

import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A trainer's complete training state as checkpointed: written in chunks with its SHA-256, and on restore checked
 * against the recorded SHA-256, rebuilt into a trainer, serialised again and refused unless the bytes are the same.
 */
final class VerifiedTrainingState {

    private VerifiedTrainingState() {}

    /** The state as written: its chunks (one list-state entry each), their SHA-256 and total size. */
    record Written(List<byte[]> chunks, String sha256, long sizeBytes) {}

    /** A trainer rebuilt from a verified state, the state's SHA-256 and its size. */
    record Restored(AlexNetTrainer trainer, String sha256, long sizeBytes) {}

    /** Serialises the trainer's state in chunks of {@code chunkBytes}. */
    static Written write(AlexNetTrainer trainer, int chunkBytes) throws IOException {
        ChunkedStateOutput out = new ChunkedStateOutput(chunkBytes);
        trainer.writeState(out);
        return new Written(out.chunks(), out.sha256Hex(), out.size());
    }

    /**
     * Rebuilds a trainer with {@code build} from the chunks, after checking them against {@code recordedSha256}, and
     * verifies that the rebuilt trainer serialises to the same bytes.
     *
     * @throws IllegalStateException if the chunks are not the recorded state, or the rebuilt trainer differs from it
     */
    static Restored restore(Iterable<byte[]> chunks, String recordedSha256, Function<InputStream, AlexNetTrainer> build)
            throws IOException {
        List<InputStream> parts = new ArrayList<>();
        MessageDigest checkpointed = ChunkedStateOutput.sha256();
        long bytes = 0;
        for (byte[] chunk : chunks) {
            checkpointed.update(chunk);
            parts.add(new ByteArrayInputStream(chunk));
            bytes += chunk.length;
        }
        String checkpointedSha = HexFormat.of().formatHex(checkpointed.digest());
        if (!checkpointedSha.equals(recordedSha256)) {
            throw new IllegalStateException("the checkpointed training state is corrupt: its SHA-256 is "
                    + checkpointedSha + " but " + recordedSha256 + " was recorded; restore from an older"
                    + " checkpoint or savepoint");
        }
        AlexNetTrainer trainer = build.apply(new SequenceInputStream(Collections.enumeration(parts)));
        try {
            String restoredSha = sha256Of(trainer);
            if (!restoredSha.equals(checkpointedSha)) {
                throw new IllegalStateException("the restored trainer differs from the checkpointed training state ("
                        + restoredSha + " vs " + checkpointedSha + "); the model build does not match the one"
                        + " that wrote the checkpoint");
            }
            return new Restored(trainer, restoredSha, bytes);
        } catch (IOException | RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    private static String sha256Of(AlexNetTrainer trainer) throws IOException {
        MessageDigest digest = ChunkedStateOutput.sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            trainer.writeState(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
