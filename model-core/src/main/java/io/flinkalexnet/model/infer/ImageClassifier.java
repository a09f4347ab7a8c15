package io.flinkalexnet.model.infer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.flinkalexnet.model.nn.AlexNet;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.ModelInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batched predictor over one model artifact: decoded 3×32×32 images in, class probabilities out.
 *
 * <pre>{@code
 * try (ImageClassifier classifier = ImageClassifier.load(ModelArtifact.open(path, sha256), "MXNet", "auto")) {
 *     List<Classification> results = classifier.classify(images, n, 3);
 * }
 * }</pre>
 *
 * <p>Runs on the first device of the list (one classifier per Flink subtask); each batch's tensors
 * live in a sub-manager closed before the call returns. Not thread-safe.
 */
public final class ImageClassifier implements AutoCloseable {

    private final ArtifactMetadata metadata;
    private final NDManager manager;
    private final Block block;
    private final ParameterStore parameterStore;
    private final ModelInput input;
    private final int numClasses;

    private ImageClassifier(ModelArtifact artifact, Engine engine, Device device) throws IOException {
        this.metadata = artifact.metadata();
        this.numClasses = metadata.numClasses();
        this.input = new ModelInput(artifact.variant(), artifact.normalization());
        this.manager = engine.newBaseManager(device);
        try {
            this.block = AlexNet.builder().setVariant(artifact.variant()).optNumClasses(numClasses).build();
            block.initialize(manager, DataType.FLOAT32, input.shape(1));
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                parameters.put(parameter.getKey(), parameter.getValue().getArray());
            }
            artifact.loadParameters(parameters);
            this.parameterStore = new ParameterStore(manager, false);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Loads an artifact (already checksum-verified by {@link ModelArtifact#open}) on the named
     * engine and device list ({@code auto}, {@code cpu}, {@code gpu0}...).
     *
     * @throws InvalidArtifactException if its parameters do not fit the network it declares
     */
    public static ImageClassifier load(ModelArtifact artifact, String engineName, String devices) {
        Engine engine = Engines.engine(engineName);
        Device device = Engines.devices(engine, devices)[0];
        try {
            return new ImageClassifier(artifact, engine, device);
        } catch (IOException e) {
            throw new InvalidArtifactException(e.getMessage(), e);
        }
    }

    public int numClasses() {
        return numClasses;
    }

    /** Softmax probabilities of the first {@code n} images, n × numClasses row-major. */
    public float[] probabilities(float[] images, int n) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input.toTensor(scope, images, n);
            NDList output = block.forward(parameterStore, new NDList(x), false);
            return output.singletonOrThrow().softmax(1).toFloatArray();
        }
    }

    /** Classifies the first {@code n} images, each with its {@code topK} most probable classes. */
    public List<Classification> classify(float[] images, int n, int topK) {
        float[] probabilities = probabilities(images, n);
        int k = Math.max(1, Math.min(topK, numClasses));
        List<Classification> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(classification(probabilities, i * numClasses, k));
        }
        return results;
    }

    private Classification classification(float[] probabilities, int offset, int k) {
        int[] order = new int[k];
        boolean[] taken = new boolean[numClasses];
        List<Classification.ClassScore> top = new ArrayList<>(k);
        for (int rank = 0; rank < k; rank++) {
            int best = -1;
            for (int c = 0; c < numClasses; c++) {
                if (!taken[c] && (best < 0 || probabilities[offset + c] > probabilities[offset + best])) {
                    best = c;
                }
            }
            taken[best] = true;
            order[rank] = best;
            top.add(new Classification.ClassScore(best, metadata.classNames().get(best), probabilities[offset + best]));
        }
        return new Classification(order[0], metadata.classNames().get(order[0]), probabilities[offset + order[0]], top);
    }

    /** Live NDArrays under this classifier's manager, for leak checks. */
    public int liveArrayCount() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
