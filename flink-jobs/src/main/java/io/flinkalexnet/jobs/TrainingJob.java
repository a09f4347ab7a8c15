package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.ingest.DeadLetters;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.ingest.ImageDecodeFunction;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.KafkaIo;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.jobs.train.AugmentationFunction;
import io.flinkalexnet.jobs.train.TrainerOperator;
import io.flinkalexnet.model.data.CifarBinaryReader;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The training job: images from Kafka are decoded (bad records to the dead-letter topic),
 * augmented in parallel, and train an AlexNet in one checkpointed trainer, which exports model
 * versions to the model store and announces each on the models topic, exactly once.
 *
 * <pre>
 * flink run -c io.flinkalexnet.jobs.TrainingJob flink-jobs.jar \
 *     --kafka.bootstrap-servers kafka:9092 --model-store.uri s3://bucket/models
 * </pre>
 */
public final class TrainingJob {

    /** The job's name in the web UI, and the default of its consumer group and transactional-id prefix. */
    public static final String NAME = "flink-alexnet-training";

    private TrainingJob() {}

    public static void main(String[] args) throws Exception {
        if (JobConfiguration.printedHelp(args, "training", TrainingJobOptions.OPTIONS)) {
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingJobConfig config = TrainingJobConfig.fromArgs(env.getConfiguration(), args);
        configure(env, config);
        build(env, config);
        env.execute(NAME);
    }

    /** Exactly-once checkpoints at the job's interval unless the cluster sets one, with snapshot compression. */
    public static void configure(StreamExecutionEnvironment env, TrainingJobConfig config) {
        JobConfiguration.configureCheckpointing(env, config.checkpointInterval());
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public static void build(StreamExecutionEnvironment env, TrainingJobConfig config) throws Exception {
        if (config.budgetFromEpochs()) {
            config = config.withTotalSteps(trainingBudget(config));
        }
        TrainingInput input = readImages(env, config);
        writeOutputs(train(input.images(), config), input.deadLetters(), config);
    }

    /** The decoded, held-out or augmented images, and the dead letters of the records that failed. */
    public record TrainingInput(DataStream<DecodedImage> images, DataStream<EncodedRecord> deadLetters) {}

    /** Source, decoding and augmentation, at the job's parallelism. */
    public static TrainingInput readImages(StreamExecutionEnvironment env, TrainingJobConfig config)
            throws Exception {
        SingleOutputStreamOperator<DecodedImage> decoded = env
                .fromSource(KafkaIo.images(config.kafka(), config.trainingTopic(), config.groupId(),
                                epochsToRead(config)),
                        WatermarkStrategy.noWatermarks(), "training-images", TypeInformation.of(SourceRecord.class))
                .uid("training-images")
                .process(new ImageDecodeFunction("training", true, CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                        config.maxRecordBytes()))
                .name("decode")
                .uid("decode");
        DataStream<DecodedImage> prepared = decoded
                .process(new AugmentationFunction(config.augmentation(), config.trainer().training().seed(),
                        config.validationFraction()))
                .name("augment")
                .uid("augment");
        return new TrainingInput(prepared, decoded.getSideOutput(DeadLetters.TAG));
    }

    /**
     * The single trainer; its main output is the encoded ModelUpdates, its side output the training log. Behind one
     * input subtask the trainer joins that subtask's chain: images reach it without being serialised and handed to a
     * second thread per network buffer, so on a CPU, where the engine's threads want every core, the input path does
     * less work and wakes fewer threads. Behind several, all images are keyed to the one trainer.
     */
    public static SingleOutputStreamOperator<EncodedRecord> train(DataStream<DecodedImage> images,
            TrainingJobConfig config) {
        KeyedStream<DecodedImage, Integer> keyed = images.getParallelism() == 1
                ? DataStreamUtils.reinterpretAsKeyedStream(images, new ConstantKey())
                : images.keyBy(new ConstantKey());
        return keyed
                .transform("trainer", TypeInformation.of(EncodedRecord.class), new TrainerOperator(config.trainer()))
                .uid("trainer")
                .setParallelism(1)
                .setMaxParallelism(1);
    }

    /** The exactly-once sinks of model updates, dead letters and (when configured) the training log. */
    public static void writeOutputs(SingleOutputStreamOperator<EncodedRecord> modelUpdates,
            DataStream<EncodedRecord> deadLetters, TrainingJobConfig config) {
        modelUpdates
                .sinkTo(KafkaIo.sink(config.kafka(), config.modelsTopic(), config.transactionalIdPrefix() + "-models"))
                .name("models-sink").uid("models-sink").setParallelism(1);
        deadLetters
                .sinkTo(KafkaIo.sink(config.kafka(), config.deadLetterTopic(), config.transactionalIdPrefix() + "-dlq"))
                .name("dead-letter-sink").uid("dead-letter-sink");
        if (config.trainingLogTopic() != null) {
            modelUpdates.getSideOutput(TrainerOperator.TRAINING_LOG)
                    .sinkTo(KafkaIo.sink(config.kafka(), config.trainingLogTopic(),
                            config.transactionalIdPrefix() + "-log"))
                    .name("training-log-sink").uid("training-log-sink").setParallelism(1);
        }
    }

    /**
     * The optimizer steps of {@link TrainingJobConfig#boundedEpochs} passes over the training records in the topic
     * now (those not held out for validation), the budget a one-cycle schedule decays over.
     */
    static long trainingBudget(TrainingJobConfig config) throws Exception {
        long records = KafkaIo.recordCount(config.kafka(), config.trainingTopic());
        long trained = Math.round(records * (1 - config.validationFraction()));
        int batch = config.trainer().batchSize();
        return Math.max(1, config.boundedEpochs() * ((trained + batch - 1) / batch));
    }

    /**
     * Passes over the topic: 0 (unbounded) unless a bound is set; for a step limit, enough passes
     * over the records present now to fill that many batches, plus one for held-out records.
     */
    static int epochsToRead(TrainingJobConfig config) throws Exception {
        int epochs = config.boundedEpochs() > 0 ? config.boundedEpochs() : config.boundedEndOffsets() ? 1 : 0;
        if (config.trainer().stepLimit() > 0) {
            long records = KafkaIo.recordCount(config.kafka(), config.trainingTopic());
            if (records == 0) {
                throw new IllegalArgumentException("topic " + config.trainingTopic() + " is empty: produce training"
                        + " images before starting a job bounded by "
                        + JobConfiguration.argument(TrainingJobOptions.BOUNDED_STEPS));
            }
            long needed = (config.trainer().stepLimit() * config.trainer().batchSize() + records - 1) / records + 1;
            epochs = epochs > 0 ? epochs : (int) Math.min(Integer.MAX_VALUE, needed);
        }
        return epochs;
    }

    /** Every image goes to the one trainer. */
    static final class ConstantKey implements KeySelector<DecodedImage, Integer> {
        @Override
        public Integer getKey(DecodedImage image) {
            return TrainerOperator.KEY;
        }
    }
}
