package io.flinkalexnet.launcher;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * A progress line: redrawn in place on a terminal, otherwise printed at every tenth of the total (or every
 * {@value #UNKNOWN_TOTAL_EVERY_SECONDS} s when the total is unknown), so logs of non-interactive runs stay short.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final int UNKNOWN_TOTAL_EVERY_SECONDS = 5;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private long lastReportedTenth = -1;
    private long done;

    /**
     * A bar over {@code total} items (-1 when unknown) named {@code unit} (e.g. "images"), drawn in place when
     * {@code interactive}.
     */
    public ProgressBar(PrintWriter out, String unit, long total, boolean interactive) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.interactive = interactive;
    }

    /** A bar that draws in place when this JVM has a terminal. */
    public static ProgressBar forConsole(PrintWriter out, String unit, long total) {
        return new ProgressBar(out, unit, total, System.console() != null);
    }

    /** A bar that prints nothing, for work whose progress is not what the user watches. */
    public static ProgressBar silent() {
        return new ProgressBar(new PrintWriter(Writer.nullWriter()), "items", -1, false);
    }

    /** Items done so far. */
    public long done() {
        return done;
    }

    /** Records {@code count} more items done. */
    public void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                out.print("\r" + line());
                out.flush();
            }
            return;
        }
        long tenth = total > 0 ? done * 10 / total : (now - startNanos) / (UNKNOWN_TOTAL_EVERY_SECONDS * 1_000_000_000L);
        if (tenth > lastReportedTenth && tenth < 10) {
            if (lastReportedTenth >= 0 || tenth > 0) {
                out.println(line());
                out.flush();
            }
            lastReportedTenth = tenth;
        }
    }

    /** Draws the final state and ends the line. */
    public void finish() {
        if (interactive) {
            out.print("\r");
        }
        out.println(line());
        out.flush();
    }

    /** Seconds since the bar was created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String line() {
        double seconds = Math.max(elapsedSeconds(), 1e-3);
        String rate = String.format(Locale.ROOT, "%.0f %s/s", done / seconds, unit);
        if (total <= 0) {
            return String.format(Locale.ROOT, "  %,d %s, %s", done, unit, rate);
        }
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format(Locale.ROOT, "  [%s%s] %3d%% %,d/%,d %s, %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done * 100 / total, done, total, unit, rate);
    }
}
