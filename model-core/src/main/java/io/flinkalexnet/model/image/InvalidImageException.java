package io.flinkalexnet.model.image;

import java.util.Objects;

/** An {@code ImageRecord} that cannot be used, with a machine-readable {@link Reason} and a one-sentence fix. */
public final class InvalidImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a record was rejected; the names are the dead-letter reason codes. */
    public enum Reason {
        /** Declared width, height or channels are impossible or disagree with the pixel bytes or decoded image. */
        WRONG_DIMENSIONS,
        /** The PNG or JPEG bytes cannot be decoded. */
        UNDECODABLE_IMAGE,
        /** A label is required but the record has none. */
        MISSING_LABEL,
        /** The label is not a class index of the model. */
        LABEL_OUT_OF_RANGE,
        /** The pixel bytes, or the decoded image, exceed the configured limit. */
        PAYLOAD_TOO_LARGE
    }

    private final Reason reason;
    private final String recordId;

    /**
     * Creates the exception; the message becomes {@code image '<recordId>': <problemAndFix>}.
     *
     * @param problemAndFix what is wrong with which field, then how to fix it, e.g. {@code "label is 12 but
     *     must be 0..9; set label to a class index"}
     */
    public InvalidImageException(Reason reason, String recordId, String problemAndFix) {
        this(reason, recordId, problemAndFix, null);
    }

    /** Creates the exception keeping the decoder failure that caused it. */
    public InvalidImageException(Reason reason, String recordId, String problemAndFix, Throwable cause) {
        // No stack trace: this is a verdict on data, not a bug, and a stream of bad records must stay cheap.
        super("image '" + recordId + "': " + problemAndFix, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.recordId = recordId;
    }

    /** Why the record was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The rejected record's id, as given in the record. */
    public String recordId() {
        return recordId;
    }
}
