package io.flinkalexnet.launcher.stack;

import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobOptions;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the project's jobs on a {@link LocalFlinkCluster}, as {@code flink run} would on a real cluster. */
public final class LocalJobs {

    /** The training job's name in the web UI. */
    public static final String TRAINING = "flink-alexnet-training";
    /** The inference job's name in the web UI. */
    public static final String INFERENCE = "flink-alexnet-inference";

    private LocalJobs() {}

    /** Runs the training job until it ends (a bounded run) or fails. */
    public static JobExecutionResult train(LocalFlinkCluster flink, TrainingJobOptions options) throws Exception {
        StreamExecutionEnvironment env = flink.environment(new Configuration());
        TrainingJob.configure(env, options);
        TrainingJob.build(env, options);
        return flink.execute(env, TRAINING);
    }

    /** Runs the inference job until it ends (a bounded run) or fails. */
    public static void infer(LocalFlinkCluster flink, InferenceJobOptions options) throws Exception {
        flink.execute(inferenceEnvironment(flink, options), INFERENCE);
    }

    /** Submits the inference job and returns at once; cancel it through the client. */
    public static JobClient startInference(LocalFlinkCluster flink, InferenceJobOptions options) throws Exception {
        return inferenceEnvironment(flink, options).executeAsync(INFERENCE);
    }

    private static StreamExecutionEnvironment inferenceEnvironment(LocalFlinkCluster flink,
            InferenceJobOptions options) {
        StreamExecutionEnvironment env = flink.environment(new Configuration());
        InferenceJob.configure(env, options);
        InferenceJob.build(env, options);
        return env;
    }
}
