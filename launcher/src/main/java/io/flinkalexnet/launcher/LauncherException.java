package io.flinkalexnet.launcher;

/** A problem with what the user asked for or gave (a path, an address, an option), explained in one sentence. */
public final class LauncherException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-sentence message naming the problem and the fix. */
    public LauncherException(String message) {
        super(message);
    }

    /** Creates the exception keeping the failure that revealed the problem. */
    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
