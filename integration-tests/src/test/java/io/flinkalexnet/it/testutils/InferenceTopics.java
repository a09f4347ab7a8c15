package io.flinkalexnet.it.testutils;

import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import org.apache.flink.configuration.Configuration;

/** Fresh topics for one inference job, and the job options that point it at them. */
public record InferenceTopics(String images, String predictions, String deadLetters, String models) {

    /** Creates the topics, the image and prediction topics with {@code partitions} partitions. */
    public static InferenceTopics create(KafkaBrokerExtension kafka, String name, int partitions) throws Exception {
        InferenceTopics topics = new InferenceTopics(kafka.uniqueTopic(name + "-images"),
                kafka.uniqueTopic(name + "-predictions"), kafka.uniqueTopic(name + "-dlq"),
                kafka.uniqueTopic(name + "-models"));
        kafka.createTopic(topics.images, partitions);
        kafka.createTopic(topics.predictions, partitions);
        kafka.createTopic(topics.deadLetters, 1);
        kafka.createTopic(topics.models, 1);
        return topics;
    }

    /** Broker, topics, and a consumer group and transactional id prefix of their own. */
    public Configuration jobOptions(KafkaBrokerExtension kafka) {
        Configuration options = new Configuration();
        options.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(InferenceJobOptions.INFERENCE_TOPIC, images);
        options.set(InferenceJobOptions.PREDICTIONS_TOPIC, predictions);
        options.set(AlexnetOptions.DEAD_LETTER_TOPIC, deadLetters);
        options.set(AlexnetOptions.MODELS_TOPIC, models);
        options.set(InferenceJobOptions.GROUP_ID, images);
        options.set(InferenceJobOptions.TRANSACTIONAL_ID_PREFIX, images);
        return options;
    }
}
