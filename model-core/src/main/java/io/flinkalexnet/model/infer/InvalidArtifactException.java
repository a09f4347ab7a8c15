package io.flinkalexnet.model.infer;

/** A model artifact that cannot be served: missing, corrupt, failing its checksum, or of another kind. */
public class InvalidArtifactException extends RuntimeException {

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
