package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.eval.ConfusionMatrix;
import io.flinkalexnet.model.image.AugmentationPipeline;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.TrainingConfig;
import io.flinkalexnet.model.train.TrainingRecipe;
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

    private static final int TRAINING_IMAGES = 40_000;
    /** Held out of data_batch_1..4 for choosing hyper-parameters. */
    static final int TUNING_IMAGES = 5_000;

    private CifarTrainingRun() {}

    /**
     * What to train.
     *
     * @param data a cifar-10-batches-bin folder
     * @param epochs passes over data_batch_1..4
     * @param trainImages how many of data_batch_1..4's 40,000 images to train on
     * @param tune hold out the last {@value #TUNING_IMAGES} images of data_batch_1..4 instead of data_batch_5
     * @param recipe the training recipe, whose budget is the run's epochs
     * @param variant the network variant
     * @param engine the DJL engine
     * @param batch images per step
     * @param learningRate the base learning rate, or null for the recipe's
     * @param out where to write the final model, or null
     */
    public record Settings(Path data, int epochs, int trainImages, boolean tune, TrainingRecipe recipe,
            Variant variant, String engine, int batch, Double learningRate, Path out) {}

    /** Trains, printing a line per epoch and the last epoch's confusion matrix. */
    public static void run(Settings settings, PrintWriter out) throws Exception {
        Path data = settings.data();
        Variant variant = settings.variant();
        int batch = settings.batch();
        int epochs = settings.epochs();
        BenchmarkData train;
        BenchmarkData validation;
        if (settings.tune()) {
            BenchmarkData all = BenchmarkData.load(data, "data_batch_[1234].bin", TRAINING_IMAGES);
            train = all.slice(0, Math.min(settings.trainImages(), TRAINING_IMAGES - TUNING_IMAGES));
            validation = all.slice(TRAINING_IMAGES - TUNING_IMAGES, TUNING_IMAGES);
        } else {
            train = BenchmarkData.load(data, "data_batch_[1234].bin", settings.trainImages());
            validation = BenchmarkData.load(data.resolve("data_batch_5.bin"), null, 10_000);
        }
        TrainingConfig config = settings.recipe().config(variant, (long) epochs * (train.size() / batch));
        if (settings.learningRate() != null) {
            config = config.toBuilder().learningRate(settings.learningRate()).build();
        }
        AugmentationPipeline augmentation = new AugmentationPipeline(settings.recipe().augmentation());
        out.printf("%s recipe on %s, %d images x %d epochs, batch %d, %s; held out: %s%n", settings.recipe(),
                variant.id(), train.size(), epochs, batch, settings.engine(), settings.tune()
                        ? "the last " + TUNING_IMAGES + " images of data_batch_1..4" : "data_batch_5");
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(variant).optEngine(settings.engine())
                .optConfig(config).build()) {
            float[] pixels = new float[batch * ImageShape.FLOATS];
            float[] augmented = new float[ImageShape.FLOATS];
            int[] labels = new int[batch];
            double lastRate = config.learningRate();
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
                    StepResult result = trainer.trainStep(pixels, labels, batch);
                    lossSum += result.loss();
                    lastRate = result.learningRate();
                    steps++;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                ConfusionMatrix matrix = new ConfusionMatrix(CifarBinaryReader.STANDARD_CLASS_NAMES);
                double validationLoss = validate(trainer, validation, matrix);
                trainer.onValidationLoss(validationLoss);
                out.printf("epoch %d: train loss %.4f, validation loss %.4f, validation accuracy %.4f, lr %.1e,"
                        + " %.0f s (%.1f images/s)%n", epoch + 1, lossSum / steps, validationLoss, matrix.accuracy(),
                        lastRate, seconds, steps * batch / seconds);
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
