package io.flinkalexnet.it.inference;

import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.List;

/** Fresh topics for one inference job, and the job arguments that point it at them. */
record InferenceTopics(String images, String predictions, String deadLetters, String models) {

    /** Creates the topics, the image and prediction topics with {@code partitions} partitions. */
    static InferenceTopics create(KafkaBrokerExtension kafka, String name, int partitions) throws Exception {
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
    List<String> jobArguments(KafkaBrokerExtension kafka) {
        return new ArrayList<>(List.of(
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--topic.infer", images,
                "--topic.predictions", predictions,
                "--topic.dead-letter", deadLetters,
                "--topic.models", models,
                "--kafka.group-id", images,
                "--kafka.transactional-id-prefix", images));
    }

}
