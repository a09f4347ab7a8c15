package io.flinkalexnet.launcher.stack;

import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobConfig;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the project's jobs on a {@link LocalFlinkCluster}, as {@code flink run} would on a real cluster. */
public final class LocalJobs {

    private LocalJobs() {}

    /** Runs the training job until it ends (a bounded run) or fails. */
    public static JobExecutionResult train(LocalFlinkCluster flink, TrainingJobConfig config) throws Exception {
        return flink.execute(trainingEnvironment(flink, config, new Configuration()), TrainingJob.NAME);
    }

    /**
     * Submits the training job with {@code jobConfiguration} (e.g. its parallelism) on top of the cluster's defaults
     * and returns at once; cancel it through the client.
     */
    public static JobClient startTraining(LocalFlinkCluster flink, TrainingJobConfig config,
            Configuration jobConfiguration) throws Exception {
        return trainingEnvironment(flink, config, jobConfiguration).executeAsync(TrainingJob.NAME);
    }

    /** Runs the inference job until it ends (a bounded run) or fails. */
    public static void infer(LocalFlinkCluster flink, InferenceJobConfig config) throws Exception {
        flink.execute(inferenceEnvironment(flink, config, new Configuration()), InferenceJob.NAME);
    }

    /** Submits the inference job and returns at once; cancel it through the client. */
    public static JobClient startInference(LocalFlinkCluster flink, InferenceJobConfig config) throws Exception {
        return startInference(flink, config, new Configuration());
    }

    /** Like {@link #startInference(LocalFlinkCluster, InferenceJobConfig)}, with {@code jobConfiguration} on top. */
    public static JobClient startInference(LocalFlinkCluster flink, InferenceJobConfig config,
            Configuration jobConfiguration) throws Exception {
        return inferenceEnvironment(flink, config, jobConfiguration).executeAsync(InferenceJob.NAME);
    }

    private static StreamExecutionEnvironment trainingEnvironment(LocalFlinkCluster flink, TrainingJobConfig config,
            Configuration jobConfiguration) throws Exception {
        StreamExecutionEnvironment env = flink.environment(jobConfiguration);
        TrainingJob.configure(env, config);
        TrainingJob.build(env, config);
        return env;
    }

    private static StreamExecutionEnvironment inferenceEnvironment(LocalFlinkCluster flink,
            InferenceJobConfig config, Configuration jobConfiguration) {
        StreamExecutionEnvironment env = flink.environment(jobConfiguration);
        InferenceJob.configure(env, config);
        InferenceJob.build(env, config);
        return env;
    }
}
