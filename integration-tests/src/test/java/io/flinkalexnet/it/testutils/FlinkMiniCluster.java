package io.flinkalexnet.it.testutils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The Flink MiniCluster that integration tests run their jobs on: one TaskManager with {@value #SLOTS} slots.
 *
 * <p>Register it with {@code @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();}
 * and take the environment from {@code StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration)}: the
 * extension installs a context environment that submits to this cluster, with the slot count as default parallelism.
 *
 * <p>Temporary files: {@code MiniClusterExtension} overrides {@code io.tmp.dirs} and {@code state.checkpoints.dir}
 * with folders of its own under {@code java.io.tmpdir}, whatever this configuration says, so failsafe's argLine
 * points {@code java.io.tmpdir} at the build folder; that is where the MiniCluster, its checkpoints and its extracted
 * RPC jar land, and the extension deletes them when the class finishes.
 */
public final class FlinkMiniCluster {

    /** Task slots of the single TaskManager, and the default parallelism of the jobs. */
    public static final int SLOTS = 4;

    private FlinkMiniCluster() {
    }

    /** A new extension that starts the MiniCluster before the test class and stops it after. */
    public static MiniClusterExtension extension() {
        return extension(new Configuration());
    }

    /** Like {@link #extension()}, with {@code extra} added to the cluster configuration (e.g. a metric reporter). */
    public static MiniClusterExtension extension(Configuration extra) {
        Configuration configuration = clusterConfiguration();
        configuration.addAll(extra);
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(SLOTS)
                .build());
    }

    /**
     * Cluster defaults: heap state (checkpoints of heap state to files need no native library), and no restarts, so a
     * failing job fails its test at once instead of restarting forever, which is Flink's default with checkpointing;
     * a job that tests recovery sets its own restart strategy in its job configuration, which takes precedence.
     */
    private static Configuration clusterConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        return configuration;
    }

    /** A job configuration that restarts a failed job up to {@code attempts} times, each after 200 ms. */
    public static Configuration restarting(int attempts) {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return configuration;
    }

    /**
     * Submits the environment's job and waits for it to finish; a job still running at the timeout is cancelled and
     * reported as a {@link TimeoutException}, so a stuck job fails its test instead of hanging the build.
     */
    public static JobExecutionResult executeAndWait(StreamExecutionEnvironment environment, String jobName,
                                                    Duration timeout) throws Exception {
        JobClient client = environment.executeAsync(jobName);
        try {
            return client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            client.cancel().get(30, TimeUnit.SECONDS);
            throw new TimeoutException("Job '" + jobName + "' did not finish within " + timeout
                    + " and was cancelled; check the log for a stuck or restarting operator.");
        }
    }
}
