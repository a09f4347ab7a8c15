package io.flinkalexnet.launcher.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.config.KafkaSettings;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class KafkaOptionsTest {

    @Test
    void toolsSpellKafkaAsTheJobsDo() {
        String[] kafka = {"--kafka.bootstrap-servers", "broker:9093", "--kafka.properties.security.protocol",
                "SASL_SSL", "--kafka.properties.sasl.mechanism", "PLAIN"};
        ProduceCommand produce = parse(new ProduceCommand(), "--topic", "images", "--data", "x.bin", kafka[0],
                kafka[1], kafka[2], kafka[3], kafka[4], kafka[5]);
        KafkaSettings job = KafkaSettings.from(JobConfiguration.merge(new Configuration(), kafka));

        assertThat(kafka[0]).isEqualTo(JobConfiguration.argument(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS));
        assertThat(produce.kafka.bootstrapServers).isEqualTo(job.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(produce.kafka.clientProperties(produce.kafkaProperties)).isEqualTo(job.clientProperties())
                .isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    }

    @Test
    void anyOtherUnknownArgumentIsRefusedByName() {
        PredictionsCommand mistyped = parse(new PredictionsCommand(), "--kafka.bootstrap-servers", "broker:9093",
                "--topci", "predictions");
        PredictionsCommand valueless = parse(new PredictionsCommand(), "--kafka.bootstrap-servers", "broker:9093",
                "--kafka.properties.security.protocol");

        assertThatThrownBy(() -> mistyped.kafka.clientProperties(mistyped.kafkaProperties)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("unknown option '--topci'");
        assertThatThrownBy(() -> valueless.kafka.clientProperties(valueless.kafkaProperties)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("missing the value of --kafka.properties.security.protocol");
    }

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
