package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.eval.ConfusionMatrix;
import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.image.AugmentationPipeline;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.TrainingConfig;
import io.flinkalexnet.model.train.ValidationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The opt-in long run: trains a variant on CIFAR-10 {@code data_batch_1..4} with augmentation and
 * prints the validation accuracy on {@code data_batch_5} after every epoch.
 *
 * <pre>
 * bin/flink-alexnet bench accuracy --data ../shared/data/cifar-10-batches-bin --epochs 10
 * </pre>
 */
public final class CifarTrainingRun {

    private CifarTrainingRun() {}

    /**
     * What to train.
     *
     * @param data a cifar-10-batches-bin folder
     * @param epochs passes over data_batch_1..4
     * @param variant the network variant
     * @param engine the DJL engine
     * @param batch images per step
     * @param learningRate the initial learning rate, or null for the variant's default
     * @param out where to write the final model, or null
     */
    public record Settings(Path data, int epochs, Variant variant, String engine, int batch, Double learningRate,
            Path out) {}

    /** Trains, printing a line per epoch and the last epoch's confusion matrix. */
    public static void run(Settings settings, PrintWriter out) throws Exception {
        Path data = settings.data();
        Variant variant = settings.variant();
        int batch = settings.batch();
        int epochs = settings.epochs();
        BenchmarkData train = BenchmarkData.load(data, "data_batch_[1234].bin", 40_000);
        BenchmarkData validation = BenchmarkData.load(data.resolve("data_batch_5.bin"), null, 10_000);
        TrainingConfig config = TrainingConfig.defaultsFor(variant);
        if (settings.learningRate() != null) {
            config = config.withLearningRate(settings.learningRate());
        }
        AugmentationPipeline augmentation = new AugmentationPipeline(AugmentationConfig.DEFAULTS);
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(variant).optEngine(settings.engine())
                .optConfig(config).build()) {
            float[] pixels = new float[batch * ImageShape.FLOATS];
            float[] augmented = new float[ImageShape.FLOATS];
            int[] labels = new int[batch];
            for (int epoch = 0; epoch < epochs; epoch++) {
                trainer.setEpoch(epoch);
                int[] order = shuffled(train.size(), config.seed() + epoch);
                long started = System.nanoTime();
                double lossSum = 0;
                int steps = 0;
                for (int from = 0; from + batch <= order.length; from += batch) {
                    for (int i = 0; i < batch; i++) {
                        int index = order[from + i];
                        augmentation.augmentInto(train.images(), index * ImageShape.FLOATS, augmented, 0,
                                ImageShape.CHANNELS, ImageShape.HEIGHT, ImageShape.WIDTH,
                                AugmentationPipeline.seedFor(config.seed(), "train/" + index, epoch));
                        System.arraycopy(augmented, 0, pixels, i * ImageShape.FLOATS, augmented.length);
                        labels[i] = train.labels()[index];
                    }
                    lossSum += trainer.trainStep(pixels, labels, batch).loss();
                    steps++;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                ConfusionMatrix matrix = new ConfusionMatrix(CifarBinaryReader.STANDARD_CLASS_NAMES);
                double validationLoss = validate(trainer, validation, matrix);
                double lr = trainer.onValidationLoss(validationLoss);
                out.printf("epoch %d: train loss %.4f, validation loss %.4f, validation accuracy %.4f, lr %.1e,"
                        + " %.0f s (%.1f images/s)%n", epoch + 1, lossSum / steps, validationLoss, matrix.accuracy(),
                        lr, seconds, steps * batch / seconds);
                out.flush();
                if (epoch == epochs - 1) {
                    out.println(matrix.format());
                }
            }
            if (settings.out() != null) {
                ModelArtifact.writeTo(settings.out(), ModelBenchmark.metadata(trainer), trainer.parameters());
            }
        }
    }

    private static double validate(AlexNetTrainer trainer, BenchmarkData data, ConfusionMatrix matrix) {
        int batch = 500;
        float[] pixels = new float[batch * ImageShape.FLOATS];
        int[] labels = new int[batch];
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += batch) {
            data.fill(from, batch, pixels, labels);
            ValidationResult result = trainer.validate(pixels, labels, batch);
            lossSum += result.lossSum();
            for (int i = 0; i < batch; i++) {
                matrix.add(labels[i], result.predicted()[i]);
            }
        }
        return lossSum / data.size();
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
