package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.launcher.stack.LocalFlinkCluster;
import io.flinkalexnet.launcher.stack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * A job on a local Flink cluster (with its web UI) against a Kafka cluster the user names: the job's own
 * {@code --key value} options pass through unchanged, and {@code --help} lists them.
 */
abstract class LocalJobCommand extends LauncherCommand {

    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    LocalClusterOptions cluster;

    @Option(names = "--metrics-port", paramLabel = "PORT|RANGE",
            description = "Serve the cluster's and the job's metrics in Prometheus' format on this port (or the first"
                    + " free one of a range) at http://localhost:PORT/metrics, as the job image does on 9249"
                    + " (default: off).")
    String metricsPort;

    @Unmatched
    List<String> jobArguments = new ArrayList<>();

    /**
     * A job whose options are parsed, ready to run.
     *
     * @param bounded whether it ends by itself; a bounded job fails at once rather than restarting, so a mistake
     *     is reported instead of retried forever
     * @param kafka how to reach the job's Kafka cluster
     * @param inputTopics the topics it reads, which must exist
     * @param run runs the job on a cluster until it ends or fails
     */
    record PreparedJob(boolean bounded, KafkaSettings kafka, List<String> inputTopics, JobRun run) {}

    /** Runs a job on a cluster. */
    interface JobRun {

        /** Runs the job on {@code flink} until it ends or fails. */
        void runOn(LocalFlinkCluster flink) throws Exception;
    }

    /** Parses the job's arguments; a mistake there fails before anything starts. */
    abstract PreparedJob prepare(String[] jobArguments);

    @Override
    public Integer call() throws Exception {
        PreparedJob job;
        try {
            job = prepare(jobArguments.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            // The jobs list every valid option after the first line; the help lists them too.
            String problem = e.getMessage().lines().findFirst().orElse("").replaceFirst(";? *valid options:$", "");
            throw new LauncherException(problem + " (see 'flink-alexnet " + name() + " --help' for the job's"
                    + " options)", e);
        }
        // A missing input topic would otherwise fail the job over and over, out of sight in the log.
        KafkaConnection kafka = new KafkaConnection(job.kafka().bootstrapServers(), job.kafka().clientProperties(),
                TOPIC_CHECK_TIMEOUT);
        for (String topic : job.inputTopics()) {
            kafka.checkTopic(topic, false);
        }
        try (LocalStack stack = LocalStack.create(name(), out())) {
            job.run().runOn(stack.startFlink(new LocalFlinkCluster.Settings(cluster.parallelism(), cluster.webUiPort,
                    job.bounded(), metricsPort)));
        }
        return 0;
    }

    /** Sets the help's footer to the list of a job's options, wrapped to the help's width. */
    static CommandSpec withJobOptions(CommandSpec spec, List<ConfigOption<?>> options) {
        List<String> lines = new ArrayList<>(List.of("", "Job options (--key value; any Kafka client property as"
                + " --kafka.properties.<name> value):"));
        options.stream().sorted(Comparator.comparing(ConfigOption::key)).forEach(option -> {
            lines.add("  " + JobConfiguration.argument(option) + " (default: " + JobConfiguration.defaultText(option)
                    + ")");
            lines.addAll(wrap(JobConfiguration.text(option), "      ", spec.usageMessage().width()));
        });
        spec.usageMessage().footer(lines.stream().map(line -> line.replace("%", "%%")).toArray(String[]::new));
        return spec;
    }

    private static List<String> wrap(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() >= width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
