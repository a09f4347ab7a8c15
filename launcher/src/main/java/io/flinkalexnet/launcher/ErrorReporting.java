package io.flinkalexnet.launcher;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure of a command into one line on standard error and an exit code, never a stack trace: the
 * message of the failure (or of its first cause that has one); the stack trace goes to the log file only.
 */
final class ErrorReporting implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit code of a command that failed. */
    static final int FAILED = 1;
    /** Exit code of a command line that could not be parsed. */
    static final int USAGE = 2;
    /** Exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    static final int INTERRUPTED = 130;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporting.class);

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (Interruption.requested()) {
            err.println(command.getCommandName() + ": interrupted; everything it started was stopped");
            err.flush();
            return INTERRUPTED;
        }
        LOG.error("{} failed", command.getCommandName(), failure);
        err.println("error: " + describe(failure));
        err.flush();
        return FAILED;
    }

    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + firstLine(problem.getMessage()) + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return USAGE;
    }

    /**
     * The failure in one line: its message, else the first message among its causes; failures that point at a bug
     * rather than at the input (a NullPointerException...) also name their type and the log file.
     */
    static String describe(Throwable failure) {
        Throwable explained = failure;
        while (isBlank(explained.getMessage()) && explained.getCause() != null && explained.getCause() != explained) {
            explained = explained.getCause();
        }
        String message = isBlank(explained.getMessage()) ? "" : firstLine(explained.getMessage());
        boolean bug = explained instanceof NullPointerException || explained instanceof ClassCastException
                || explained instanceof IndexOutOfBoundsException || message.isEmpty();
        return bug ? explained.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message) + logHint()
                : message;
    }

    private static boolean isBlank(String message) {
        return message == null || message.isBlank();
    }

    private static String logHint() {
        return LogFile.location().map(file -> " (details in " + file + ")").orElse("");
    }

    private static String firstLine(String message) {
        return message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(message);
    }
}
