package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.ProgressBar;
import io.flinkalexnet.launcher.RateConverter;
import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.launcher.kafka.ImageProducer;
import io.flinkalexnet.launcher.kafka.KafkaConnection;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code produce}: writes ImageRecords from CIFAR-10 binaries or image files to a topic. */
@Command(name = "produce", sortOptions = false,
        header = "Writes images (CIFAR-10 binaries, PNG/JPEG files) to a Kafka topic.",
        description = {"Writes images to a Kafka topic as ImageRecords (Avro single-object encoding, keyed by id),"
                + " with a progress bar and the final count. The topic is created with the broker's defaults when it"
                + " does not exist.",
                "--split of a CIFAR-10 folder or archive also picks the batches: train = the training batches"
                        + " without the held-out one, validation and test = the held-out batch (test_batch.bin, else"
                        + " data_batch_5.bin); without --split every batch is sent untagged."})
public final class ProduceCommand extends LauncherCommand {

    @Mixin
    KafkaOptions kafka;

    /** The Kafka client properties ({@link KafkaOptions}). */
    @Unmatched
    List<String> kafkaProperties = new ArrayList<>();

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to write to.")
    String topic;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "A CIFAR-10 batch (.bin), folder, cifar-10-binary.tar.gz, or a folder of PNG/JPEG files"
                    + " (labelled by the sub-folder they are in, named after a class or 0-9).")
    Path data;

    /** The tags a producer may set; {@link Split#UNKNOWN} is for readers only. */
    enum ProducedSplit {
        TRAIN(Split.TRAIN), VALIDATION(Split.VALIDATION), TEST(Split.TEST);

        final Split split;

        ProducedSplit(Split split) {
            this.split = split;
        }
    }

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "Tag every record train, validation or test (and, of a CIFAR-10 folder or archive, send"
                    + " only those batches).")
    ProducedSplit split;

    @Option(names = "--rate", paramLabel = "N/s", converter = RateConverter.class,
            description = "At most this many images a second (default: as fast as Kafka takes them).")
    Double rate;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Send at most N images (default: all).")
    long limit;

    @Override
    public Integer call() {
        ImageSource source = ImageSource.open(data).withEventTimeMillis(System.currentTimeMillis());
        if (split != null) {
            source = source.withSplit(split.split);
            if (source.hasParts()) {
                source = source.select(split == ProducedSplit.TRAIN ? ImageSource.Part.TRAINING
                        : ImageSource.Part.HELD_OUT);
            }
        }
        source.checkReadable();
        KafkaConnection connection = kafka.connection(kafkaProperties);
        if (connection.checkTopic(topic, true)) {
            err().println("created topic '" + topic + "' with the broker's default partitions and replication");
        }
        long available = source.count();
        long total = limit > 0 && (available < 0 || limit < available) ? limit : available;
        err().printf("producing %s to '%s' at %s%n", source.description(), topic, connection.bootstrapServers());
        ProgressBar progress = ProgressBar.forConsole(err(), "images", total);
        long sent;
        try (Stream<ImageRecord> records = source.records()) {
            sent = new ImageProducer(connection).produce(topic, records, limit, rate == null ? 0 : rate, progress);
        }
        progress.finish();
        out().printf(Locale.ROOT, "produced %d images to topic '%s' in %.1f s%n", sent, topic,
                progress.elapsedSeconds());
        out().flush();
        return 0;
    }
}
