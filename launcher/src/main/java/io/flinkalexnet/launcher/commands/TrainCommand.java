package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.launcher.stack.LocalJobs;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train}: the training job on a local Flink cluster against the user's Kafka. */
@Command(name = "train", sortOptions = false, modelTransformer = TrainCommand.JobOptionsHelp.class,
        header = "Runs the training job on a local Flink cluster against your Kafka.",
        description = {"Runs the training job on a Flink cluster in this process (web UI on a printed port) against"
                + " the Kafka cluster its options name; the job's options are those of 'flink run -c"
                + " io.flinkalexnet.jobs.TrainingJob', e.g. --kafka.bootstrap-servers HOST:PORT --model-store.uri"
                + " file:///path/models.",
                "Without a --bounded.* option it trains until Ctrl-C; each run starts a fresh model."})
public final class TrainCommand extends LocalJobCommand {

    @Override
    PreparedJob prepare(String[] jobArguments) {
        TrainingJobConfig config = TrainingJobConfig.fromArgs(new Configuration(), jobArguments);
        return new PreparedJob(config.bounded(), config.kafka(), List.of(config.trainingTopic()),
                flink -> LocalJobs.train(flink, config));
    }

    /** Lists the training job's options in {@code --help}. */
    static final class JobOptionsHelp implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return withJobOptions(spec, TrainingJobOptions.OPTIONS);
        }
    }
}
