package io.flinkalexnet.launcher.bench;

import io.flinkalexnet.jobs.metrics.ModelMemoryMetrics;
import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bare model-core loop, timed: training images/second at the given batch sizes, inference
 * images/second at batch 256, batch-1 latency and peak RSS, for one variant and engine per JVM (so
 * the peak RSS is that configuration's).
 *
 * <pre>
 * bin/flink-alexnet bench model --variant cifar --engine MXNet [--train-batches 64,128] [--steps 20] [--warmup 3] \
 *     [--infer-batch 256] [--data ../shared/data/cifar-10-batches-bin]
 * </pre>
 */
public final class ModelBenchmark {

    private ModelBenchmark() {}

    /**
     * What to measure.
     *
     * @param data CIFAR-10 data to take the images from; null for generated images
     * @param variant the network variant
     * @param engine the DJL engine
     * @param trainBatches the batch sizes to time training at
     * @param steps timed training steps per batch size
     * @param warmup untimed training steps before them
     * @param inferBatch the batch size to time inference at
     * @param inferBatches timed inference batches
     * @param latencyRuns timed single-image classifications
     */
    public record Settings(Path data, Variant variant, String engine, List<Integer> trainBatches, int steps,
            int warmup, int inferBatch, int inferBatches, int latencyRuns) {}

    /** Runs the measurements, printing each as it goes and all of them again at the end. */
    public static void run(Settings settings, PrintWriter out) throws Exception {
        Variant variant = settings.variant();
        String engine = settings.engine();
        int largest = Math.max(settings.inferBatch(), settings.trainBatches().stream().mapToInt(Integer::intValue)
                .max().orElse(1));
        BenchmarkData images = BenchmarkData.load(settings.data(), CifarBinaryReader.TRAINING_BATCHES,
                Math.max(2048, largest));
        out.printf("variant %s, engine %s, OMP_NUM_THREADS=%s, %d cores, data: %s%n", variant, engine,
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors(),
                settings.data() == null ? "synthetic" : settings.data());

        List<String> rows = new ArrayList<>();
        Path artifactDir = Files.createTempDirectory("alexnet-bench");
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(variant).optEngine(engine).build()) {
            for (int batch : settings.trainBatches()) {
                double rate = trainingRate(trainer, images, batch, settings.warmup(), settings.steps());
                rows.add(String.format("train  %-6s %-7s batch %4d: %8.1f images/s (%d steps after %d warm-up)",
                        variant, engine, batch, rate, settings.steps(), settings.warmup()));
                out.println(rows.get(rows.size() - 1));
                out.flush();
            }
            ModelArtifact.writeTo(artifactDir, metadata(trainer), trainer.parameters());
        }
        try (ImageClassifier classifier = ImageClassifier.load(ModelArtifact.open(artifactDir, null), engine, "auto")) {
            double rate = inferenceRate(classifier, images, settings.inferBatch(), 2, settings.inferBatches());
            rows.add(String.format("infer  %-6s %-7s batch %4d: %8.1f images/s (%d batches after 2 warm-up)",
                    variant, engine, settings.inferBatch(), rate, settings.inferBatches()));
            double[] latency = batchOneLatency(classifier, images, settings.latencyRuns());
            rows.add(String.format("latency %-6s %-7s batch    1: p50 %.2f ms, p99 %.2f ms", variant, engine,
                    latency[0], latency[1]));
        } finally {
            deleteRecursively(artifactDir);
        }
        rows.add(String.format("peak RSS %-5s %-7s: %d MB", variant, engine,
                ModelMemoryMetrics.peakResidentBytes() >> 20));
        out.println("---");
        rows.forEach(out::println);
        out.flush();
    }

    /** Images per second of {@code steps} training steps after {@code warmup} untimed ones. */
    public static double trainingRate(AlexNetTrainer trainer, BenchmarkData data, int batch, int warmup, int steps) {
        float[] pixels = new float[batch * ImageShape.FLOATS];
        int[] labels = new int[batch];
        long started = 0;
        for (int step = 0; step < warmup + steps; step++) {
            if (step == warmup) {
                started = System.nanoTime();
            }
            data.fill(step * batch, batch, pixels, labels);
            trainer.trainStep(pixels, labels, batch);
        }
        return (double) steps * batch * 1e9 / (System.nanoTime() - started);
    }

    static double inferenceRate(ImageClassifier classifier, BenchmarkData data, int batch, int warmup, int batches) {
        float[] pixels = new float[batch * ImageShape.FLOATS];
        int[] labels = new int[batch];
        long started = 0;
        for (int i = 0; i < warmup + batches; i++) {
            if (i == warmup) {
                started = System.nanoTime();
            }
            data.fill(i * batch, batch, pixels, labels);
            classifier.probabilities(pixels, batch);
        }
        return (double) batches * batch * 1e9 / (System.nanoTime() - started);
    }

    /** p50 and p99 in milliseconds of single-image classification. */
    static double[] batchOneLatency(ImageClassifier classifier, BenchmarkData data, int runs) {
        float[] pixels = new float[ImageShape.FLOATS];
        int[] label = new int[1];
        double[] millis = new double[runs];
        for (int i = -5; i < runs; i++) {
            data.fill(Math.max(i, 0), 1, pixels, label);
            long started = System.nanoTime();
            classifier.probabilities(pixels, 1);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[runs / 2], millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)]};
    }

    /** The metadata of an artifact of the trainer's current weights. */
    static ArtifactMetadata metadata(AlexNetTrainer trainer) {
        return ArtifactMetadata.trained(trainer.variant(), trainer.engineName(), CifarBinaryReader.STANDARD_CLASS_NAMES,
                trainer.normalization(), 0, trainer.step(), trainer.epoch(), System.currentTimeMillis(), Map.of());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
