package io.flinkalexnet.launcher;

import java.util.Optional;

/**
 * Where {@code bin/flink-alexnet} sends the log: the JVM's {@value #PROPERTY} system property. Error messages and the
 * local web UI's log tab point there; it depends on nothing, so whatever reads it imports no command.
 */
public final class LogFile {

    /** The system property that names the log file. */
    public static final String PROPERTY = "flink-alexnet.log.file";

    private LogFile() {}

    /** The log file, when the launcher script named one. */
    public static Optional<String> location() {
        return Optional.ofNullable(System.getProperty(PROPERTY));
    }
}
