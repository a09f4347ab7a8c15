package io.flinkalexnet.launcher.stack;

/** A Flink job that ended in failure; the message names the job and the root cause. */
public final class JobFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Wraps the failure of job {@code jobName}, naming its deepest cause. */
    public JobFailedException(String jobName, Throwable failure) {
        super("the " + jobName + " job failed: " + rootMessage(failure), failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
