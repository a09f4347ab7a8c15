package io.flinkalexnet.launcher;

/**
 * Whether the JVM was asked to stop (Ctrl-C, SIGTERM) while a command ran, so the failures that stopping causes in
 * the command's own thread are reported as an interruption rather than as errors.
 */
public final class Interruption {

    private static volatile boolean requested;

    private Interruption() {}

    /** Records that a shutdown hook started stopping the command's services. */
    public static void markRequested() {
        requested = true;
    }

    /** Whether a stop was requested. */
    public static boolean requested() {
        return requested;
    }
}
