package io.flinkalexnet.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** What one in-process run of the {@code flink-alexnet} command line printed, and its exit code. */
public record LauncherRun(int exitCode, String out, String err) {

    /** Runs the command line with {@code args} in this JVM. */
    public static LauncherRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FlinkAlexnet.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new LauncherRun(exitCode, out.toString(), err.toString());
    }

    /** The non-empty lines of standard output. */
    public List<String> outLines() {
        return out.lines().filter(line -> !line.isBlank()).toList();
    }

    /** The last non-empty line of standard output. */
    public String lastLine() {
        List<String> lines = outLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The non-empty lines of standard error. */
    public List<String> errLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
    }
}
