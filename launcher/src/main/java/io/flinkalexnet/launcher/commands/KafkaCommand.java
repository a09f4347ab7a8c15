package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.stack.LocalKafkaBroker;
import io.flinkalexnet.launcher.stack.LocalStack;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kafka}: the local KRaft broker alone, in the foreground, for development. */
@Command(name = "kafka", sortOptions = false,
        header = "Runs a local Kafka broker (KRaft) in the foreground.",
        description = {"Runs a local Kafka broker (KRaft, one node, transactions enabled) in the foreground on a free"
                + " port, prints its bootstrap address and creates the project's topics.",
                "Ctrl-C stops it and deletes its data."})
public final class KafkaCommand extends LauncherCommand {

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC[,TOPIC...]",
            defaultValue = TrainingJobOptions.DEFAULT_TRAINING_TOPIC + "," + InferenceJobOptions.DEFAULT_INFERENCE_TOPIC
                    + "," + AlexnetOptions.DEFAULT_MODELS_TOPIC + "," + InferenceJobOptions.DEFAULT_PREDICTIONS_TOPIC
                    + "," + AlexnetOptions.DEFAULT_DEAD_LETTER_TOPIC,
            description = "Topics to create (default: ${DEFAULT-VALUE}).")
    List<String> topics;

    @Option(names = "--partitions", defaultValue = "2", paramLabel = "N",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        LocalStack stack = LocalStack.create(name(), out());
        LocalKafkaBroker broker = stack.startKafka();
        for (String topic : topics) {
            broker.createTopic(topic, partitions);
        }
        out().println("topics:                " + String.join(", ", topics) + " (" + partitions + " partitions each)");
        out().println("data:                  " + broker.dataDirectory() + " (deleted when the broker stops)");
        out().println("bootstrap servers:     " + broker.bootstrapServers());
        out().println("Running; Ctrl-C stops the broker.");
        out().flush();
        // The stack's shutdown hook stops the broker when the JVM is asked to stop.
        new CountDownLatch(1).await();
        return 0;
    }
}
