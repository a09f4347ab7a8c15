package io.flinkalexnet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.model.image.FillMode;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Reading, checking and rendering options, shown on the options both jobs share. */
class JobConfigurationTest {

    private static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            AlexnetOptions.checkpointInterval(Duration.ofSeconds(5));
    private static final List<ConfigOption<?>> KNOWN = List.of(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS,
            AlexnetOptions.MAX_RECORD_BYTES, AlexnetOptions.ENGINE, CHECKPOINT_INTERVAL);

    @Test
    void commandLineOverridesTheFlinkConfigurationWithOrWithoutThePrefix() {
        Configuration flink = new Configuration();
        flink.set(AlexnetOptions.MAX_RECORD_BYTES, 10);
        flink.set(AlexnetOptions.ENGINE, "MXNet");

        Configuration merged = JobConfiguration.merge(flink,
                new String[] {"--record.max-bytes", "20", "--alexnet.model.engine", "PyTorch"});

        assertThat(merged.get(AlexnetOptions.MAX_RECORD_BYTES)).isEqualTo(20);
        assertThat(merged.get(AlexnetOptions.ENGINE)).isEqualTo("PyTorch");
    }

    @Test
    void typosAreRejectedWithTheValidOptionsWhileKafkaPropertiesAndFlinkKeysPass() {
        Configuration configuration = new Configuration();
        configuration.setString(AlexnetOptions.KAFKA_PROPERTIES_PREFIX + "security.protocol", "SASL_SSL");
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        JobConfiguration.rejectUnknownKeys(configuration, KNOWN, AlexnetOptions.KAFKA_PROPERTIES_PREFIX);

        configuration.setString("alexnet.record.maxbytes", "3");
        assertThatThrownBy(() -> JobConfiguration.rejectUnknownKeys(configuration, KNOWN,
                        AlexnetOptions.KAFKA_PROPERTIES_PREFIX))
                .hasMessageContaining("unknown option(s) [alexnet.record.maxbytes]")
                .hasMessageContaining("--record.max-bytes");
    }

    @Test
    void aMissingRequiredOptionIsNamedWithWhatItIsFor() {
        assertThatThrownBy(() -> JobConfiguration.required(new Configuration(), AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS))
                .hasMessage("missing required option --kafka.bootstrap-servers (Kafka bootstrap servers,"
                        + " host:port[,host:port...]. Required.)");
    }

    @Test
    void aValueThatMustBePositiveIsRefusedNamingTheOption() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.MAX_RECORD_BYTES, 0);

        assertThatThrownBy(() -> JobConfiguration.positive(configuration, AlexnetOptions.MAX_RECORD_BYTES))
                .hasMessage("--record.max-bytes must be > 0, got 0");
    }

    @Test
    void argumentsRenderedFromAConfigurationReadBackAsTheSameValues() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092");
        configuration.setString(AlexnetOptions.KAFKA_PROPERTIES_PREFIX + "security.protocol", "SASL_SSL");
        configuration.set(CHECKPOINT_INTERVAL, Duration.ofMillis(1500));
        configuration.set(AlexnetOptions.BOUNDED_END_OFFSETS, true);
        configuration.set(TrainingJobOptions.FILL, FillMode.NEAREST);
        configuration.set(TrainingJobOptions.L2, 5e-4);

        List<String> args = JobConfiguration.toArgs(configuration);
        Configuration read = JobConfiguration.merge(new Configuration(), args.toArray(String[]::new));

        assertThat(args).startsWith("--augment.fill", "NEAREST").contains("--kafka.bootstrap-servers", "kafka:9092");
        assertThat(read.toMap()).isEqualTo(configuration.toMap());
        assertThat(read.get(CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMillis(1500));
        assertThat(read.get(TrainingJobOptions.FILL)).isEqualTo(FillMode.NEAREST);
        assertThat(read.get(TrainingJobOptions.L2)).isEqualTo(5e-4);
    }

    @Test
    void aFlinkSettingIsNotRenderedAsAJobArgument() {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));

        assertThatThrownBy(() -> JobConfiguration.toArgs(configuration))
                .hasMessageStartingWith("execution.checkpointing.interval is not a job option (alexnet.*)");
    }
}
