package io.flinkalexnet.launcher;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.data.LabelledImage;
import io.flinkalexnet.model.data.SyntheticImages;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Data the tests make themselves: CIFAR-10 batches of generated images and small trained models. */
public final class TestData {

    private TestData() {}

    /** Writes {@code count} generated images of {@code seed} to {@code file} as a CIFAR-10 batch. */
    public static Path cifarBatch(Path file, long seed, int count) {
        new SyntheticImages(seed).writeCifarBatch(file, 0, count);
        return file;
    }

    /** Trains the cifar variant for {@code steps} steps of 32 generated images and exports it into {@code folder}. */
    public static ModelArtifact trainedModel(Path folder, int steps) throws IOException {
        int batch = 32;
        List<LabelledImage> images = new SyntheticImages(11).images(0, steps * batch);
        float[] pixels = new float[batch * ImageShape.FLOATS];
        int[] labels = new int[batch];
        ImageDecoder decoder = new ImageDecoder();
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).optEngine(Engines.MXNET)
                .build()) {
            for (int step = 0; step < steps; step++) {
                for (int i = 0; i < batch; i++) {
                    LabelledImage image = images.get(step * batch + i);
                    decoder.decodeInto(image.toImageRecord("train-" + i, "test", 0, null), pixels,
                            i * ImageShape.FLOATS);
                    labels[i] = image.label();
                }
                trainer.trainStep(pixels, labels, batch);
            }
            ArtifactMetadata metadata = ArtifactMetadata.trained(Variant.CIFAR, trainer.engineName(),
                    CifarBinaryReader.STANDARD_CLASS_NAMES, trainer.normalization(), 1, trainer.step(), 0,
                    System.currentTimeMillis(), Map.of());
            return ModelArtifact.writeTo(folder, metadata, trainer.parameters());
        }
    }

    /** How many of {@code images} the artifact classifies as their label, computed with the classifier directly. */
    public static long correctPredictions(ModelArtifact artifact, List<LabelledImage> images) {
        float[] pixels = new float[images.size() * ImageShape.FLOATS];
        ImageDecoder decoder = new ImageDecoder();
        for (int i = 0; i < images.size(); i++) {
            decoder.decodeInto(images.get(i).toImageRecord("image-" + i, "test", 0, null), pixels,
                    i * ImageShape.FLOATS);
        }
        try (ImageClassifier classifier = ImageClassifier.load(artifact, Engines.MXNET, "cpu")) {
            List<Classification> results = classifier.classify(pixels, images.size(), 1);
            long correct = 0;
            for (int i = 0; i < images.size(); i++) {
                correct += results.get(i).label() == images.get(i).label() ? 1 : 0;
            }
            return correct;
        }
    }
}
