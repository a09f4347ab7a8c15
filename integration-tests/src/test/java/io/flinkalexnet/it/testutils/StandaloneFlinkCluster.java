package io.flinkalexnet.it.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink standalone session cluster of two JVM processes, a JobManager and a TaskManager, started the way Flink's
 * {@code jobmanager.sh} and {@code taskmanager.sh} start them, that takes job jars over its REST API.
 *
 * <p>Register it with {@code @RegisterExtension static final StandaloneFlinkCluster FLINK =
 * StandaloneFlinkCluster.withJobLibraries();}; it starts before the class and stops after it.
 *
 * <p>What a Flink distribution holds comes from Maven: the classpath is {@code target/flink-dist-classpath.txt}, which
 * the build writes from the module's provided-scoped dependencies (flink-runtime, flink-clients, flink-runtime-web,
 * log4j...), never the test classpath, so a class missing from the job jar fails here as on a real cluster. The
 * cluster's home (config.yaml, {@code lib/}, logs, temporary files, checkpoints) is a fresh folder under the build
 * folder; {@code lib/} holds links to the jars given, which the processes' classpath lists first, as Flink's scripts
 * do. Each process gets the JVM memory flags and dynamic properties that Flink's {@code BashJavaUtils} computes from
 * config.yaml, exactly as the scripts ask it. The REST and RPC ports are free ports; all others are ephemeral.
 *
 * <p>Cleanup: the processes are stopped after the class, on JVM exit (a shutdown hook, for a build that is cut short),
 * and, should a killed build have left some behind, at the next start from the process ids recorded in the build
 * folder.
 */
public final class StandaloneFlinkCluster implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneFlinkCluster.class);

    /** Task slots of the TaskManager. */
    public static final int SLOTS = 4;
    /** Default parallelism of the jobs. */
    public static final int PARALLELISM = 2;

    /** The JVM options that Flink's own config.yaml sets in {@code env.java.opts.all} for Java 17. */
    private static final String JAVA_17_OPTIONS = "--add-exports=java.base/sun.net.util=ALL-UNNAMED"
            + " --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"
            + " --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
            + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
            + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
            + " --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED"
            + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED";
    /** The Avro allocation limits the README asks every cluster to set (env.java.opts.all). */
    private static final String AVRO_LIMITS = "-Dorg.apache.avro.limits.bytes.maxLength=16777216"
            + " -Dorg.apache.avro.limits.string.maxLength=16777216"
            + " -Dorg.apache.avro.limits.collectionItems.maxLength=1000000";

    private static final String JOBMANAGER_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASKMANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS_CLASS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String BASH_JAVA_UTILS_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> libraryJars;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private URI rest;
    private Thread shutdownHook;

    /** A cluster whose {@code lib/} folder holds exactly the given jars. */
    public StandaloneFlinkCluster(List<Path> libraryJars) {
        this.libraryJars = List.copyOf(libraryJars);
    }

    /**
     * A cluster set up as the README tells users to set theirs up: {@code lib/} holds the jars that flink-jobs collects
     * in {@code target/flink-lib} (DJL, both engines and their natives).
     */
    public static StandaloneFlinkCluster withJobLibraries() {
        return new StandaloneFlinkCluster(jobLibraries());
    }

    /** The jars of flink-jobs' {@code target/flink-lib}, for the cluster's {@code lib/} folder. */
    private static List<Path> jobLibraries() {
        Path folder = builtPath("flink.jobs.lib");
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.filter(path -> path.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + "; build flink-jobs first.", e);
        }
    }

    /** The shaded job jar that flink-jobs builds, as users submit it. */
    public static Path jobJar() {
        return builtPath("flink.jobs.jar");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the JobManager and the TaskManager and waits until the TaskManager has offered its slots. */
    public void start(String owner) throws Exception {
        long startNanos = System.nanoTime();
        killProcessesLeftByEarlierRuns();
        home = TestDirectories.newDirectory("flink-cluster");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path lib = Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("log"));
        Files.createDirectories(home.resolve("tmp"));
        for (Path jar : libraryJars) {
            Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
        }
        int restPort = freePort();
        Map<String, String> configuration = configuration(restPort, freePort());
        writeConfiguration(conf, configuration);
        rest = URI.create("http://localhost:" + restPort);
        String classpath = classpath(lib);
        List<String> javaOptions = split(configuration.get("env.java.opts.all"));

        shutdownHook = new Thread(this::stopProcesses, "stop-standalone-flink-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        startProcess("jobmanager", JOBMANAGER_CLASS, "GET_JM_RESOURCE_PARAMS", classpath, javaOptions);
        startProcess("taskmanager", TASKMANAGER_CLASS, "GET_TM_RESOURCE_PARAMS", classpath, javaOptions);
        awaitTaskManagerSlots();
        LOG.info("Flink standalone cluster for {} ready at {} in {} ms (home {})", owner, rest,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), home);
    }

    /** Stops both processes (SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}) and deletes the temporary files. */
    public void stop() {
        stopProcesses();
        if (shutdownHook != null) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            shutdownHook = null;
        }
        if (home != null) {
            // The logs and config.yaml stay for a look after a failure; blobs, checkpoints and uploads go.
            for (String bulky : List.of("tmp", "checkpoints", "web-upload")) {
                deleteRecursively(home.resolve(bulky));
            }
            try {
                Files.deleteIfExists(pidFile());
            } catch (IOException e) {
                LOG.warn("Cannot delete {}: {}", pidFile(), e.getMessage());
            }
        }
    }

    /** The folder holding config.yaml, {@code lib/} and the processes' logs. */
    public Path home() {
        return home;
    }

    /** Uploads a job jar as the web UI does ({@code POST /jars/upload}); returns the jar's id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "flink-alexnet-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                        HttpRequest.BodyPublishers.ofFile(jar),
                        HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
                .build();
        String file = send(request, "upload " + jar.getFileName()).path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's {@code entryClass} with {@code args} ({@code POST /jars/:id/run}): the JobManager calls its
     * {@code main}, which submits the job; returns the job's id.
     */
    public String run(String jarId, String entryClass, List<String> args) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        body.put("parallelism", PARALLELISM);
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return send(request, "run " + entryClass + " from " + jarId).path("jobid").asText();
    }

    /**
     * Waits until the job ends and returns normally only if it finished; a failed job is reported with its root
     * exception, and a job still running at the timeout is cancelled and reported as a {@link TimeoutException}.
     */
    public void awaitFinished(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = state(jobId);
        while (!TERMINAL_STATES.contains(state)) {
            if (System.nanoTime() > deadline) {
                cancel(jobId);
                throw new TimeoutException("Job " + jobId + " was still " + state + " after " + timeout
                        + " and was cancelled; see the TaskManager log in " + home.resolve("log") + ".");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            state = state(jobId);
        }
        if (!state.equals("FINISHED")) {
            throw new AssertionError("Job " + jobId + " ended " + state + " (logs in " + home.resolve("log")
                    + "); its first exception and causes:\n" + firstException(jobId));
        }
    }

    /** Cancels the job ({@code PATCH /jobs/:id?mode=cancel}) unless it has ended already. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        if (!TERMINAL_STATES.contains(state(jobId))) {
            send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "?mode=cancel"))
                    .timeout(REQUEST_TIMEOUT).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                    "cancel " + jobId);
        }
    }

    /** The job's state as the REST API names it: RUNNING, FINISHED, FAILED... */
    public String state(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** The ids of the registered TaskManagers. */
    public List<String> taskManagerIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        get("/taskmanagers").path("taskmanagers").forEach(taskManager -> ids.add(taskManager.path("id").asText()));
        return ids;
    }

    private String firstException(String jobId) throws IOException, InterruptedException {
        JsonNode entries = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
        if (entries.isEmpty()) {
            return "(none recorded; see the logs in " + home.resolve("log") + ")";
        }
        // The first line and its causes; the full trace is in the TaskManager's log.
        String trace = entries.get(entries.size() - 1).path("stacktrace").asText();
        return trace.lines()
                .filter(line -> !line.startsWith("\t") && !line.startsWith(" "))
                .collect(Collectors.joining("\n"));
    }

    private Map<String, String> configuration(int restPort, int rpcPort) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("jobmanager.rpc.address", "localhost");
        configuration.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        configuration.put("jobmanager.bind-host", "localhost");
        configuration.put("jobmanager.memory.process.size", "1024m");
        configuration.put("taskmanager.host", "localhost");
        configuration.put("taskmanager.bind-host", "localhost");
        configuration.put("taskmanager.numberOfTaskSlots", String.valueOf(SLOTS));
        configuration.put("taskmanager.memory.process.size", "1536m");
        // Heap state needs no managed memory; the engines' native memory lives outside Flink's budget anyway.
        configuration.put("taskmanager.memory.managed.size", "0m");
        configuration.put("rest.address", "localhost");
        configuration.put("rest.bind-address", "localhost");
        configuration.put("rest.port", String.valueOf(restPort));
        configuration.put("blob.server.port", "0");
        configuration.put("parallelism.default", String.valueOf(PARALLELISM));
        configuration.put("io.tmp.dirs", home.resolve("tmp").toString());
        configuration.put("web.upload.dir", home.resolve("web-upload").toString());
        configuration.put("state.backend.type", "hashmap");
        configuration.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        // A failing job fails its test at once instead of restarting.
        configuration.put("restart-strategy.type", "none");
        configuration.put("env.java.opts.all", JAVA_17_OPTIONS + " " + AVRO_LIMITS);
        return configuration;
    }

    private static void writeConfiguration(Path conf, Map<String, String> configuration) throws IOException {
        StringBuilder yaml = new StringBuilder("# Written by StandaloneFlinkCluster for one test class.\n");
        configuration.forEach((key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss.SSS} %-5level %-40.40c{1.} - %msg%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "logger.metrics.name = org.apache.flink.metrics.MetricGroup",
                "logger.metrics.level = ERROR",
                ""));
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Like Flink's {@code constructFlinkClassPath}: the jars in {@code lib/} first, then the distribution. */
    private static String classpath(Path lib) throws IOException {
        Path file = builtPath("flink.dist.classpath");
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            jars.map(Path::toString).sorted().forEach(entries::add);
        }
        entries.addAll(Arrays.asList(Files.readString(file).trim().split(java.io.File.pathSeparator)));
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * Asks {@code BashJavaUtils} for the process's JVM memory flags and dynamic properties, as {@code config.sh} does,
     * and starts the process with them, its {@code --configDir}, log file and {@code env.java.opts.all}.
     */
    private void startProcess(String name, String mainClass, String resourceCommand, String classpath,
                              List<String> javaOptions) throws IOException, InterruptedException {
        Path conf = home.resolve("conf");
        Path log = home.resolve("log");
        List<String> resources = bashJavaUtils(resourceCommand, classpath, conf, log.resolve(name + "-resources.out"));
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(split(resources.get(0)));
        command.addAll(javaOptions);
        command.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        command.add("-Dlog.file=" + log.resolve(name + ".log"));
        command.add("-Dlog4j.configuration=file:" + conf.resolve("log4j.properties"));
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        command.add("-classpath");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(split(resources.get(1)));
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.resolve(name + ".out").toFile())
                .start();
        processes.add(process);
        Files.writeString(pidFile(), process.pid() + " " + home + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private List<String> bashJavaUtils(String command, String classpath, Path conf, Path output)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaExecutable(), "-Xmx128m", "-classpath", classpath,
                BASH_JAVA_UTILS_CLASS, command, "--configDir", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("BashJavaUtils " + command + " failed; its output is in " + output
                    + ":\n" + tail(output));
        }
        List<String> results = Files.readAllLines(output).stream()
                .filter(line -> line.startsWith(BASH_JAVA_UTILS_RESULT))
                .map(line -> line.substring(BASH_JAVA_UTILS_RESULT.length()))
                .toList();
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed " + results.size()
                    + " results instead of the JVM flags and the dynamic properties; see " + output);
        }
        return results;
    }

    private void awaitTaskManagerSlots() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("A Flink process exited with code " + process.exitValue()
                            + " while the cluster started; its logs are in " + home.resolve("log") + ":\n"
                            + tail(home.resolve("log").resolve("jobmanager.out"))
                            + tail(home.resolve("log").resolve("taskmanager.out")));
                }
            }
            JsonNode overview = overviewOnceServing();
            if (overview.path("taskmanagers").asInt() == 1 && overview.path("slots-total").asInt() == SLOTS) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new TimeoutException("The TaskManager did not register its " + SLOTS + " slots within " + START_TIMEOUT
                + "; see the logs in " + home.resolve("log") + ".");
    }

    /**
     * The cluster overview, or an empty object while the REST endpoint is not listening yet or answers 503 because the
     * JobManager is still electing its leader.
     */
    private JsonNode overviewOnceServing() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/overview")).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (IOException notListeningYet) {
            return JSON.createObjectNode();
        }
    }

    private synchronized void stopProcesses() {
        // TaskManager first, as stop-cluster.sh does, so it does not spend its shutdown reconnecting.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.warn("Flink process {} did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    /** Kills the processes that a run killed before its cleanup recorded in the pid file, if they still run. */
    private static void killProcessesLeftByEarlierRuns() throws IOException {
        Path pids = pidFile();
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            String[] fields = line.split(" ", 2);
            ProcessHandle.of(Long.parseLong(fields[0]))
                    .filter(process -> process.info().commandLine().map(c -> c.contains(fields[1])).orElse(false))
                    .ifPresent(process -> {
                        LOG.warn("Killing Flink process {} left running by an earlier test run", process.pid());
                        process.destroyForcibly();
                    });
        }
        Files.delete(pids);
    }

    private static Path pidFile() {
        return Path.of(System.getProperty("test.tmp.dir", "target/tmp")).toAbsolutePath()
                .resolve("standalone-flink-cluster.pids");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(rest.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build(), "GET " + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Flink's REST API refused to " + what + " (HTTP " + response.statusCode()
                    + "): " + body.path("errors"));
        }
        return body;
    }

    private static Path builtPath(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("System property " + property + " (" + value + ") names no file: run"
                    + " the cluster tests through Maven after packaging flink-jobs (mvn -pl integration-tests -am"
                    + " verify), which sets it.");
        }
        return Path.of(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                    .collect(Collectors.joining("\n", "--- " + file.getFileName() + "\n", "\n"));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")\n";
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", folder, e.getMessage());
        }
    }
}
