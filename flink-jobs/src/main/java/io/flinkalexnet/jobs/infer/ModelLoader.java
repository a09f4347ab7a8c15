package io.flinkalexnet.jobs.infer;

import ai.djl.Device;
import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.infer.ArtifactMetadata;
import io.flinkalexnet.model.infer.ChecksumFile;
import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.model.infer.InvalidArtifactException;
import io.flinkalexnet.model.infer.ModelAnnouncement;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.schemas.ModelUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.core.fs.FileSystem;

/**
 * Fetches the artifact a {@link ModelUpdate} announces into a local folder, verifies its SHA-256
 * and that this job can serve it (architecture, variant, class count), and loads it on one device.
 * Every reason to refuse a model is an {@link InvalidArtifactException} naming the version, what is
 * wrong and the fix.
 */
final class ModelLoader {

    private final ClassifierSettings settings;
    private final String device;
    private final Path localFolder;

    ModelLoader(ClassifierSettings settings, String device, Path localFolder) {
        this.settings = settings;
        this.device = device;
        this.localFolder = localFolder;
    }

    /**
     * The device subtask {@code subtaskIndex} runs on: of the devices {@code devices} names
     * ({@code auto}: every GPU, else the CPU), the one at the subtask's index modulo their count.
     */
    static String deviceFor(String engine, String devices, int subtaskIndex) {
        Device[] all = Engines.devices(Engines.engine(engine), devices);
        Device chosen = all[subtaskIndex % all.length];
        return chosen.isGpu() ? "gpu" + chosen.getDeviceId() : "cpu";
    }

    /** Loads the announced version, checked against the update's checksum, variant and class count. */
    ServingModel load(ModelUpdate update) {
        String what = "model version " + update.getModelVersion() + " (" + update.getArtifactUri() + ")";
        if (!ModelArtifact.ARCHITECTURE.equals(update.getArchitecture())) {
            throw new InvalidArtifactException(what + " is announced as architecture '" + update.getArchitecture()
                    + "', but this job serves '" + ModelArtifact.ARCHITECTURE + "'; publish an AlexNet model");
        }
        Path local = fetch(update.getArtifactUri(), what);
        try {
            ModelArtifact artifact = open(local, update.getSha256(), what);
            checkServable(artifact.metadata(), what);
            if (!artifact.metadata().variant().equalsIgnoreCase(update.getVariant())
                    || artifact.metadata().numClasses() != update.getNumClasses()) {
                throw new InvalidArtifactException(what + " is announced as variant '" + update.getVariant() + "' with "
                        + update.getNumClasses() + " classes, but its artifact holds variant '"
                        + artifact.metadata().variant() + "' with " + artifact.metadata().numClasses()
                        + " classes; publish a ModelUpdate that matches its artifact");
            }
            return new ServingModel(update, classifier(artifact, what));
        } finally {
            deleteQuietly(local);
        }
    }

    /**
     * Loads a model artifact given by URI alone (the job's starting model), checked against the
     * {@code .sha256} file beside it when there is one, and describes it as a ModelUpdate so that
     * a restore can load it again by the same URI and checksum.
     */
    ServingModel loadInitial(String uri) {
        String what = "the starting model " + uri;
        Path local = fetch(uri, what);
        try {
            ModelArtifact artifact = open(local, checksumBeside(uri, what), what);
            ArtifactMetadata metadata = artifact.metadata();
            checkServable(metadata, what);
            ModelUpdate update = ModelAnnouncement.of(metadata, uri, artifact.sha256(), Files.size(local));
            return new ServingModel(update, classifier(artifact, what));
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read " + what + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    /** Opens the local copy; its errors name the copy, so they are prefixed with what was announced. */
    private static ModelArtifact open(Path local, String expectedSha256, String what) {
        try {
            return ModelArtifact.open(local, expectedSha256);
        } catch (InvalidArtifactException e) {
            throw new InvalidArtifactException(what + ": " + e.getMessage(), e);
        }
    }

    private ImageClassifier classifier(ModelArtifact artifact, String what) {
        try {
            return ImageClassifier.load(artifact, settings.engine(), device);
        } catch (InvalidArtifactException e) {
            throw new InvalidArtifactException(what + ": " + e.getMessage(), e);
        }
    }

    private void checkServable(ArtifactMetadata metadata, String what) {
        if (!metadata.variant().equalsIgnoreCase(settings.variant().id())) {
            throw new InvalidArtifactException(what + " is of variant '" + metadata.variant() + "', but this job serves '"
                    + settings.variant().id() + "'; publish a " + settings.variant().id()
                    + " model or run the job with --model.variant " + metadata.variant());
        }
        if (metadata.numClasses() != settings.numClasses()) {
            throw new InvalidArtifactException(what + " has " + metadata.numClasses() + " classes, but this job serves "
                    + settings.numClasses() + "; train the model on the job's " + settings.numClasses() + " classes");
        }
    }

    private Path fetch(String uri, String what) {
        try {
            return ModelStore.fetch(uri, localFolder);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArtifactException("cannot read " + what + ": " + e.getMessage()
                    + "; check that the artifact exists and that the TaskManagers can reach the model store", e);
        }
    }

    /** The checksum in {@code <uri>.sha256}, or null when there is no such file. */
    private static String checksumBeside(String uri, String what) {
        org.apache.flink.core.fs.Path sidecar = new org.apache.flink.core.fs.Path(ChecksumFile.nameFor(uri));
        try {
            FileSystem fs = sidecar.getFileSystem();
            if (!fs.exists(sidecar)) {
                return null;
            }
            try (InputStream in = fs.open(sidecar)) {
                return ChecksumFile.read(in);
            }
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read the checksum file " + sidecar + " of " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover copy in the TaskManager's temporary folder is harmless.
        }
    }
}
