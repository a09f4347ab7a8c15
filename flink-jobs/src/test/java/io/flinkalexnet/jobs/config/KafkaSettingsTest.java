package io.flinkalexnet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void clientPropertiesPassThroughWithoutTheirPrefix() {
        Configuration configuration = new Configuration();
        configuration.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092");
        configuration.setString(AlexnetOptions.KAFKA_PROPERTIES_PREFIX + "security.protocol", "SASL_SSL");

        KafkaSettings kafka = KafkaSettings.from(configuration);

        assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(kafka.clientProperties()).containsOnlyKeys("security.protocol")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(kafka.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void missingBootstrapServersIsNamed() {
        assertThatThrownBy(() -> KafkaSettings.from(new Configuration()))
                .hasMessageStartingWith("missing required option --kafka.bootstrap-servers");
    }
}
