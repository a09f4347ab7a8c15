package io.flinkalexnet.model.data;

/** A CIFAR-10 file, folder or archive that is missing or not in the CIFAR-10 binary layout, with a one-line explanation. */
public final class CifarDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the file and the problem. */
    public CifarDataException(String message) {
        super(message);
    }

    /** Creates the exception keeping the I/O failure that revealed the problem. */
    public CifarDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
