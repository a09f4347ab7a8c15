package io.flinkalexnet.jobs.infer;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;

/** Runs a task's mails on the calling thread, as its task thread would, while the classifier's forward thread posts them. */
final class TestMailbox {

    private static final long PATIENCE_SECONDS = 60;

    private TestMailbox() {}

    /** Runs {@code mailbox}'s mails until {@code emitted} counts {@code count} predictions. */
    static void runUntilEmitted(TaskMailbox mailbox, IntSupplier emitted, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (emitted.getAsInt() < count) {
            Optional<Mail> mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY);
            if (mail.isPresent()) {
                mail.get().run();
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + emitted.getAsInt() + " of " + count + " predictions after "
                        + PATIENCE_SECONDS + " s");
            } else {
                Thread.sleep(5);
            }
        }
    }
}
