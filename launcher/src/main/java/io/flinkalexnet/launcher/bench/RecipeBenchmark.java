package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cost of the default network and recipe: training images/s of the bare loop for the {@code modern} recipe on
 * {@code cifar-bn} against the {@code reference} recipe on today's {@code cifar} network, same engine, batch and
 * images, taking turns for several rounds so that both see the same machine; the last line is
 * {@code throughput ratio: X} (modern ÷ reference, the median of the rounds).
 */
public final class RecipeBenchmark {

    private static final int WARMUP_STEPS = 3;

    private RecipeBenchmark() {}

    /**
     * What to time.
     *
     * @param data CIFAR-10 data to train on, or null for generated images
     * @param engine the DJL engine
     * @param batch images per step
     * @param steps timed steps per round and recipe
     * @param rounds rounds of both
     */
    public record Settings(Path data, String engine, int batch, int steps, int rounds) {}

    /** Times both, printing a line per round; returns the median ratio. */
    public static double run(Settings settings, PrintWriter out) {
        int batch = settings.batch();
        BenchmarkData images = BenchmarkData.load(settings.data(), CifarBinaryReader.TRAINING_BATCHES,
                batch * (WARMUP_STEPS + settings.steps()));
        out.printf(Locale.ROOT, "modern on cifar-bn against reference on cifar: %s, batch %d, %d steps a round,"
                        + " OMP_NUM_THREADS=%s%n", settings.engine(), batch, settings.steps(),
                System.getenv("OMP_NUM_THREADS"));
        double[] ratios = new double[settings.rounds()];
        try (AlexNetTrainer modern = trainer(TrainingRecipe.MODERN, Variant.CIFAR_BN, settings);
                AlexNetTrainer reference = trainer(TrainingRecipe.REFERENCE, Variant.CIFAR, settings)) {
            for (int round = 0; round < settings.rounds(); round++) {
                // Every other round in reverse order, so that neither always runs first.
                boolean modernFirst = round % 2 == 0;
                double first = ModelBenchmark.trainingRate(modernFirst ? modern : reference, images, batch,
                        WARMUP_STEPS, settings.steps());
                double second = ModelBenchmark.trainingRate(modernFirst ? reference : modern, images, batch,
                        WARMUP_STEPS, settings.steps());
                double modernRate = modernFirst ? first : second;
                double referenceRate = modernFirst ? second : first;
                ratios[round] = modernRate / referenceRate;
                out.printf(Locale.ROOT, "round %d: modern/cifar-bn %.1f images/s, reference/cifar %.1f images/s,"
                        + " ratio %.3f%n", round + 1, modernRate, referenceRate, ratios[round]);
                out.flush();
            }
        }
        double ratio = Statistics.median(ratios);
        out.printf(Locale.ROOT, "throughput ratio: %.3f%n", ratio);
        out.flush();
        return ratio;
    }

    private static AlexNetTrainer trainer(TrainingRecipe recipe, Variant variant, Settings settings) {
        // A budget far beyond the run keeps the modern schedule in its warm-up and decay, as in a real run.
        return AlexNetTrainer.builder().setVariant(variant).optEngine(settings.engine())
                .optConfig(recipe.config(variant, 100_000)).build();
    }
}
