package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.launcher.stack.LocalJobs;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/** {@code infer}: the inference job on a local Flink cluster against the user's Kafka. */
@Command(name = "infer", sortOptions = false, modelTransformer = InferCommand.JobOptionsHelp.class,
        header = "Runs the inference job on a local Flink cluster against your Kafka.",
        description = {"Runs the inference job on a Flink cluster in this process (web UI on a printed port) against"
                + " the Kafka cluster its options name; the job's options are those of 'flink run -c"
                + " io.flinkalexnet.jobs.InferenceJob', e.g. --kafka.bootstrap-servers HOST:PORT.",
                "It serves the newest model the models topic announces (or --model.initial-artifact) and runs until"
                        + " Ctrl-C, or with --bounded.end-offsets true until the images present at start are"
                        + " classified."})
public final class InferCommand extends LocalJobCommand {

    @Override
    PreparedJob prepare(String[] jobArguments) {
        InferenceJobConfig config = InferenceJobConfig.fromArgs(new Configuration(), jobArguments);
        return new PreparedJob(config.boundedEndOffsets(), config.kafka(),
                List.of(config.inferenceTopic(), config.modelsTopic()), flink -> LocalJobs.infer(flink, config));
    }

    /** Lists the inference job's options in {@code --help}. */
    static final class JobOptionsHelp implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return withJobOptions(spec, InferenceJobOptions.OPTIONS);
        }
    }
}
