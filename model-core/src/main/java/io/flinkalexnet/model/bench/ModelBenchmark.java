package io.flinkalexnet.model.bench;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.IOException;
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
 * java -cp ... io.flinkalexnet.model.bench.ModelBenchmark --variant cifar --engine MXNet \
 *     [--train-batches 64,128] [--steps 20] [--warmup 3] [--infer-batch 256] [--data ../shared/data/cifar-10-batches-bin]
 * </pre>
 */
public final class ModelBenchmark {

    private ModelBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Arguments.parse(args, Map.of(
                "variant", "cifar", "engine", "MXNet", "train-batches", "64,128", "steps", "20", "warmup", "3",
                "infer-batch", "256", "infer-batches", "8", "latency-runs", "50", "data", ""));
        Variant variant = Variant.fromId(options.get("variant"));
        String engine = options.get("engine");
        int steps = Integer.parseInt(options.get("steps"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int inferBatch = Integer.parseInt(options.get("infer-batch"));
        int[] trainBatches = Arrays.stream(options.get("train-batches").split(",")).mapToInt(Integer::parseInt).toArray();
        int largest = Math.max(inferBatch, Arrays.stream(trainBatches).max().orElse(1));
        Path data = options.get("data").isEmpty() ? null : Path.of(options.get("data"));
        BenchmarkData images = BenchmarkData.load(data, CifarBinaryReader.TRAINING_BATCHES, Math.max(2048, largest));
        System.out.printf("variant %s, engine %s, OMP_NUM_THREADS=%s, %d cores, data: %s%n", variant, engine,
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors(),
                data == null ? "synthetic" : data);

        List<String> rows = new ArrayList<>();
        Path artifactDir = Files.createTempDirectory("alexnet-bench");
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(variant).optEngine(engine).build()) {
            for (int batch : trainBatches) {
                double rate = trainingRate(trainer, images, batch, warmup, steps);
                rows.add(String.format("train  %-6s %-7s batch %4d: %8.1f images/s (%d steps after %d warm-up)",
                        variant, engine, batch, rate, steps, warmup));
                System.out.println(rows.get(rows.size() - 1));
            }
            ModelArtifact.writeTo(artifactDir, metadata(trainer), trainer.parameters());
        }
        try (ImageClassifier classifier = ImageClassifier.load(ModelArtifact.open(artifactDir, null), engine, "auto")) {
            int batches = Integer.parseInt(options.get("infer-batches"));
            double rate = inferenceRate(classifier, images, inferBatch, 2, batches);
            rows.add(String.format("infer  %-6s %-7s batch %4d: %8.1f images/s (%d batches after 2 warm-up)",
                    variant, engine, inferBatch, rate, batches));
            double[] latency = batchOneLatency(classifier, images, Integer.parseInt(options.get("latency-runs")));
            rows.add(String.format("latency %-6s %-7s batch    1: p50 %.2f ms, p99 %.2f ms", variant, engine,
                    latency[0], latency[1]));
        } finally {
            deleteRecursively(artifactDir);
        }
        rows.add(String.format("peak RSS %-5s %-7s: %d MB", variant, engine, peakRssKb() / 1024));
        System.out.println("---");
        rows.forEach(System.out::println);
    }

    /** Images per second of {@code steps} training steps after {@code warmup} untimed ones. */
    public static double trainingRate(AlexNetTrainer trainer, BenchmarkData data, int batch, int warmup, int steps) {
        float[] pixels = new float[batch * ImageDecoder.IMAGE_FLOATS];
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
        float[] pixels = new float[batch * ImageDecoder.IMAGE_FLOATS];
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
        float[] pixels = new float[ImageDecoder.IMAGE_FLOATS];
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

    static ArtifactMetadata metadata(AlexNetTrainer trainer) {
        return new ArtifactMetadata(ModelArtifact.FORMAT_VERSION, ModelArtifact.ARCHITECTURE, trainer.variant().id(),
                trainer.engineName(), CifarBinaryReader.STANDARD_CLASS_NAMES, trainer.normalization().mean(),
                trainer.normalization().std(), 0, trainer.step(), trainer.epoch(), System.currentTimeMillis(), Map.of());
    }

    /** Peak resident set size of this JVM in kB (VmHWM), or -1 where /proc is missing. */
    public static long peakRssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
