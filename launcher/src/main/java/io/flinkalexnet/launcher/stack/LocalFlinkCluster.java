package io.flinkalexnet.launcher.stack;

import io.flinkalexnet.launcher.LogFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM (one TaskManager) with its REST API and web UI on a port of localhost. Jobs are
 * submitted to it through the REST API, as to a real cluster; temporary files and checkpoints stay in the given
 * folder.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final MiniCluster cluster;
    private final URI restAddress;
    private final Configuration jobDefaults;

    private LocalFlinkCluster(MiniCluster cluster, URI restAddress, Configuration jobDefaults) {
        this.cluster = cluster;
        this.restAddress = restAddress;
        this.jobDefaults = jobDefaults;
    }

    /**
     * How to start the cluster.
     *
     * @param slots task slots of the TaskManager, and the default parallelism of the jobs
     * @param webUiPorts port or range for the REST API and web UI, e.g. {@code 8081-8180} (the first free one) or
     *     {@code 0} (any)
     * @param failFast whether a failing job fails at once instead of restarting from its last checkpoint
     * @param metricsPorts port or range on which Flink's Prometheus reporter serves the cluster's metrics (the
     *     jobs' own among them), as the job image does on 9249; null for none
     */
    public record Settings(int slots, String webUiPorts, boolean failFast, String metricsPorts) {

        /** Without a metrics endpoint. */
        public Settings(int slots, String webUiPorts, boolean failFast) {
            this(slots, webUiPorts, failFast, null);
        }
    }

    /** The reporter's name in the configuration ({@code metrics.reporter.prom.*}), as in the image and manifests. */
    private static final String PROMETHEUS_REPORTER = "prom";

    /** Starts the cluster with its temporary files and checkpoints under {@code workDirectory}. */
    public static LocalFlinkCluster start(Path workDirectory, Settings settings) throws Exception {
        Path tmp = Files.createDirectories(workDirectory.resolve("tmp"));
        Path checkpoints = Files.createDirectories(workDirectory.resolve("checkpoints"));
        // Heap state: snapshots to files need no native library.
        Configuration jobDefaults = new Configuration();
        jobDefaults.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        jobDefaults.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        jobDefaults.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        jobDefaults.set(CoreOptions.DEFAULT_PARALLELISM, settings.slots());
        if (settings.failFast()) {
            jobDefaults.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        }
        Configuration configuration = new Configuration(jobDefaults);
        configuration.set(CoreOptions.TMP_DIRS, tmp.toString());
        configuration.set(WebOptions.TMP_DIR, tmp.toString());
        configuration.set(RestOptions.ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_PORT, settings.webUiPorts());
        if (settings.metricsPorts() != null) {
            Configuration reporter = MetricOptions.forReporter(configuration, PROMETHEUS_REPORTER);
            reporter.set(MetricOptions.REPORTER_FACTORY_CLASS, PrometheusReporterFactory.class.getName());
            reporter.setString("port", settings.metricsPorts());
        }
        // The web UI's "Log" tabs show this file.
        LogFile.location().ifPresent(file -> configuration.set(WebOptions.LOG_PATH, file));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(settings.slots())
                .build());
        try {
            cluster.start();
            return new LocalFlinkCluster(cluster, cluster.getRestAddress().get(), jobDefaults);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The web UI and REST API, e.g. {@code http://localhost:8081}. */
    public URI webUiAddress() {
        return restAddress;
    }

    /** A new environment whose jobs run on this cluster, with the cluster's state and checkpoint settings. */
    public StreamExecutionEnvironment environment(Configuration jobConfiguration) {
        Configuration configuration = new Configuration(jobDefaults);
        configuration.addAll(jobConfiguration);
        return StreamExecutionEnvironment.createRemoteEnvironment(restAddress.getHost(), restAddress.getPort(),
                configuration);
    }

    /**
     * Submits the environment's job and waits for it to finish; the job is cancelled if this thread is interrupted.
     *
     * @throws JobFailedException with the root cause's message when the job fails
     */
    public JobExecutionResult execute(StreamExecutionEnvironment environment, String jobName) throws Exception {
        JobClient client = environment.executeAsync(jobName);
        try {
            return client.getJobExecutionResult().get();
        } catch (InterruptedException e) {
            client.cancel().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        } catch (ExecutionException e) {
            throw new JobFailedException(jobName, e);
        }
    }

    /** The checkpoint statistics of a job submitted to this cluster, running or ended. */
    public CheckpointStatsSnapshot checkpointStats(JobID job) throws Exception {
        return cluster.getArchivedExecutionGraph(job).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getCheckpointStatsSnapshot();
    }

    /** Cancels the running jobs and stops the cluster. */
    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
