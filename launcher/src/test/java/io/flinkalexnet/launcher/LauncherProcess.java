package io.flinkalexnet.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code bin/flink-alexnet} run as its own process, as a user runs it, on the test's classpath (so it does not build
 * itself) with its work dir in a test folder; standard output and error are collected line by line.
 */
public final class LauncherProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::collect, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code bin/flink-alexnet args...} with its work dir {@code workDirectory}. */
    public static LauncherProcess start(Path workDirectory, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("launcher.script", "../bin/flink-alexnet"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FLINK_ALEXNET_CLASSPATH", launcherClasspath());
        builder.environment().put("FLINK_ALEXNET_WORK_DIR", workDirectory.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new LauncherProcess(builder.start());
    }

    /** The test JVM's classpath without the test classes, whose logging configuration would print to the console. */
    private static String launcherClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line matching {@code regex} and returns the match, whose groups the caller may read. */
    public Matcher awaitLine(String regex, Duration timeout) throws InterruptedException, TimeoutException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    Matcher matcher = pattern.matcher(lines.get(checked));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new TimeoutException("no line matching '" + regex + "' within " + timeout + "; output:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    /** Waits for the process to exit and for its output to be read; returns the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("bin/flink-alexnet still runs after " + timeout + "; output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** The process, to check on it and its children. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Everything printed so far. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The lines printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Kills the process if a failed test left it running. */
    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
