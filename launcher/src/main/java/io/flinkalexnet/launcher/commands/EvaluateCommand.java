package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.launcher.LauncherCommand;
import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.data.ImageSource;
import io.flinkalexnet.model.eval.ConfusionMatrix;
import io.flinkalexnet.model.image.ImageDecoder;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.schemas.ImageRecord;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: classifies labelled images with a model artifact, without Kafka or Flink. */
@Command(name = "evaluate", sortOptions = false,
        header = "Classifies labelled images with a model, without Kafka or Flink.",
        description = {"Classifies labelled images with a model artifact, without Kafka or Flink, and prints the"
                + " per-class accuracy, the confusion matrix and, as the last line, 'accuracy: 0.XXXX (n=N)'.",
                "Of a CIFAR-10 folder or archive it reads the held-out batch (test_batch.bin, else"
                        + " data_batch_5.bin) unless --part says otherwise."})
public final class EvaluateCommand extends LauncherCommand {

    private static final int BATCH = 256;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model: an exported folder (model.zip + model.zip.sha256) or the .zip file.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Labelled images: a CIFAR-10 batch (.bin), folder, cifar-10-binary.tar.gz, or a folder of"
                    + " PNG/JPEG files in sub-folders named after their class.")
    Path data;

    @Option(names = "--part", paramLabel = "PART", defaultValue = "HELD_OUT",
            description = "Of a CIFAR-10 folder or archive: held_out, training or all (default: held_out).")
    ImageSource.Part part;

    @Mixin
    EngineOption engine;

    @Override
    public Integer call() {
        ModelArtifact artifact = ModelArtifact.open(model, null);
        ImageSource source = ImageSource.open(data);
        if (source.hasParts()) {
            source = source.select(part);
        }
        ArtifactMetadata metadata = artifact.metadata();
        out().printf(Locale.ROOT, "model: %s (%s variant, version %d, step %d, sha256 %s)%n", artifact.file(),
                metadata.variant(), metadata.modelVersion(), metadata.trainingStep(), artifact.sha256());
        out().println("data:  " + source.description());
        out().flush();
        ConfusionMatrix matrix = evaluate(artifact, engine.engineName(), source);
        double[] perClass = matrix.perClassAccuracy();
        List<String> classes = matrix.classNames();
        out().println("per-class accuracy:");
        for (int c = 0; c < classes.size(); c++) {
            out().printf(Locale.ROOT, "  %-12s %s%n", classes.get(c),
                    Double.isNaN(perClass[c]) ? "n/a" : String.format(Locale.ROOT, "%.4f", perClass[c]));
        }
        out().println("confusion matrix:");
        out().print(matrix.format());
        out().printf(Locale.ROOT, "accuracy: %.4f (n=%d)%n", matrix.accuracy(), matrix.count());
        out().flush();
        return 0;
    }

    /** Classifies every labelled image of {@code source} with the artifact on {@code engine}. */
    static ConfusionMatrix evaluate(ModelArtifact artifact, String engine, ImageSource source) {
        ConfusionMatrix matrix = new ConfusionMatrix(artifact.metadata().classNames());
        ImageDecoder decoder = new ImageDecoder();
        float[] images = new float[BATCH * ImageShape.FLOATS];
        int[] labels = new int[BATCH];
        try (ImageClassifier classifier = ImageClassifier.load(artifact, engine, "auto");
                Stream<ImageRecord> records = source.records()) {
            Iterator<ImageRecord> iterator = records.iterator();
            int n = 0;
            while (iterator.hasNext()) {
                ImageRecord record = iterator.next();
                if (record.getLabel() == null) {
                    throw new LauncherException("image '" + record.getId() + "' of " + source.path() + " has no label:"
                            + " evaluate needs labelled images (put PNG/JPEG files in sub-folders named after their"
                            + " class)");
                }
                if (record.getLabel() >= matrix.numClasses()) {
                    throw new LauncherException("image '" + record.getId() + "' has label " + record.getLabel()
                            + " but the model knows " + matrix.numClasses() + " classes");
                }
                decoder.decodeInto(record, images, n * ImageShape.FLOATS);
                labels[n++] = record.getLabel();
                if (n == BATCH || !iterator.hasNext()) {
                    List<Classification> results = classifier.classify(images, n, 1);
                    for (int i = 0; i < n; i++) {
                        matrix.add(labels[i], results.get(i).label());
                    }
                    n = 0;
                }
            }
        }
        if (matrix.count() == 0) {
            throw new LauncherException(source.description() + " holds no image to evaluate");
        }
        return matrix;
    }
}
