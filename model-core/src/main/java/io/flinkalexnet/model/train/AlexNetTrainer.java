package io.flinkalexnet.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.translate.Batchifier;
import ai.djl.util.Pair;
import io.flinkalexnet.model.image.Normalization;
import io.flinkalexnet.model.nn.AlexNet;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.ModelInput;
import io.flinkalexnet.model.nn.ParameterFile;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.seed.Seeds;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains an AlexNet one mini-batch at a time and owns the complete training state.
 *
 * <pre>{@code
 * try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).build()) {
 *     StepResult result = trainer.trainStep(images, labels, 64);
 *     trainer.writeState(checkpointStream);
 * }
 * }</pre>
 *
 * <p>Images are decoded 3×32×32 arrays in [0, 1] (already augmented); the trainer normalises them
 * and, for the seed variant, upscales them. The state ({@link #writeState}) holds the parameters,
 * batch-norm statistics, Adam's moments and step count, the learning-rate schedule, the weight
 * average when the recipe keeps one, the seed and the step and epoch counters. With a weight
 * average, {@link #parameters()}, {@link #probabilities} and {@link #validate} are the average's:
 * the model that is exported is the model that is scored. Dropout's randomness is drawn from the
 * engine seeded with (seed, step) before each step, so replaying a step after a restore draws the
 * same masks. Every tensor a
 * step creates lives in a sub-manager that closes at the end of the step. Not thread-safe.
 */
public final class AlexNetTrainer implements AutoCloseable {

    private static final int STATE_MAGIC = 0x46415453;
    /** Version 2 adds the weight average; version 1 states (no average) are still read. */
    private static final int STATE_VERSION = 2;
    /** Keras' Glorot-uniform: limit sqrt(6 / (fan_in + fan_out)) is DJL's Xavier with magnitude 3. */
    private static final float GLOROT_MAGNITUDE = 3f;

    private final Variant variant;
    private final int numClasses;
    private final TrainingConfig config;
    private final Engine engine;
    private final Model model;
    private final Trainer trainer;
    private final CheckpointableAdam adam;
    private final LearningRateSchedule schedule;
    private final ModelInput input;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final WeightAverage average;
    private long step;
    private int epoch;
    private long imagesTrained;

    private AlexNetTrainer(Builder builder) {
        this.variant = builder.variant;
        this.numClasses = builder.numClasses;
        this.config = builder.config == null ? TrainingRecipe.REFERENCE.config(variant, 0) : builder.config;
        this.engine = Engines.engine(builder.engineName);
        Device[] devices = Engines.devices(engine, builder.devices);
        this.input = new ModelInput(variant, Normalization.CIFAR10);
        this.schedule = new LearningRateSchedule(config);

        Block block = AlexNet.builder().setVariant(variant).optNumClasses(numClasses).build();
        Map<String, String> namesById = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            namesById.put(parameter.getValue().getId(), parameter.getKey());
        }
        this.adam = new CheckpointableAdam(config, namesById, AlexNet.l2RegularizedParameterNames(block));
        this.model = Model.newInstance("alexnet-" + variant.id(), devices[0], engine.getEngineName());
        model.setBlock(block);
        block.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, GLOROT_MAGNITUDE),
                Parameter.Type.WEIGHT);
        engine.setRandomSeed(randomSeed(config.seed(), 0));
        block.initialize(model.getNDManager(), DataType.FLOAT32, input.shape(1));
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            parameters.put(parameter.getKey(), array);
            if (parameter.getValue().requiresGradient()) {
                adam.means().put(parameter.getKey(), array.zerosLike());
                adam.variances().put(parameter.getKey(), array.zerosLike());
            }
        }
        // Initialised after the trained network, so that the weights drawn for it are what they always were.
        this.average = config.emaDecay() <= 0 ? null : new WeightAverage(config.emaDecay(),
                AlexNet.builder().setVariant(variant).optNumClasses(numClasses).build(), model.getNDManager(),
                input.shape(1), parameters);
        try {
            if (builder.state != null) {
                // Before the DJL trainer exists: once its parameter store holds the weights, MXNet's
                // fused Adam kernel keeps reading the pre-restore values (measured: bitwise divergence).
                readState(builder.state);
            }
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot restore the training state: " + e.getMessage(), e);
        }
        this.trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(config.labelSmoothing() > 0
                                ? new SmoothedCrossEntropyLoss(config.labelSmoothing())
                                : new SoftmaxCrossEntropyLoss())
                                .optOptimizer(adam)
                                .optDevices(devices));
        trainer.initialize(input.shape(1));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one optimizer step on the first {@code n} images (n × 3 × 32 × 32 floats in [0, 1]) and
     * labels, and returns the batch's mean cross-entropy and accuracy.
     */
    public StepResult trainStep(float[] images, int[] labels, int n) {
        checkLabels(labels, n);
        engine.setRandomSeed(randomSeed(config.seed(), step + 1));
        double lossSum = 0;
        long correct = 0;
        double learningRate;
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = input.toTensor(scope, images, n);
            NDArray y = scope.create(toFloats(labels, n));
            Batch batch = new Batch(scope, new NDList(x), new NDList(y), n, Batchifier.STACK,
                    Batchifier.STACK, 0, 0);
            Batch[] splits = batch.split(trainer.getDevices(), false);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                for (Batch split : splits) {
                    NDList predictions = trainer.forward(split.getData(), split.getLabels());
                    NDArray loss = trainer.getLoss().evaluate(split.getLabels(), predictions);
                    // Each device's loss is a mean over its share; weight it so the summed gradient is the batch mean.
                    collector.backward(splits.length == 1 ? loss : loss.mul((float) split.getSize() / n));
                    lossSum += loss.getFloat() * split.getSize();
                    correct += predictions.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false)
                            .eq(split.getLabels().singletonOrThrow()).sum().getLong();
                }
            }
            learningRate = schedule.rateAt(step);
            adam.setLearningRate(learningRate);
            adam.beginStep();
            trainer.step();
        }
        step++;
        imagesTrained += n;
        if (average != null) {
            average.update(parameters, step);
        }
        return new StepResult(step, n, lossSum / n, (double) correct / n, learningRate);
    }

    /**
     * Class probabilities (n × numClasses, row-major) of the current model (the weight average, when the recipe keeps
     * one), in inference mode.
     */
    public float[] probabilities(float[] images, int n) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = input.toTensor(scope, images, n);
            if (average == null) {
                return trainer.evaluate(new NDList(x)).singletonOrThrow().softmax(1).toFloatArray();
            }
            return average.forward(new NDList(x)).singletonOrThrow().softmax(1).toFloatArray();
        }
    }

    /** Scores the current model on labelled images without training on them. */
    public ValidationResult validate(float[] images, int[] labels, int n) {
        checkLabels(labels, n);
        float[] probabilities = probabilities(images, n);
        double lossSum = 0;
        int correct = 0;
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (probabilities[i * numClasses + c] > probabilities[i * numClasses + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            correct += best == labels[i] ? 1 : 0;
            lossSum -= Math.log(Math.max(probabilities[i * numClasses + labels[i]], 1e-12f));
        }
        return new ValidationResult(n, lossSum, correct, predicted);
    }

    /** Feeds a validation loss to the learning-rate schedule; returns the learning rate now in force. */
    public double onValidationLoss(double meanLoss) {
        return schedule.onValidationLoss(meanLoss);
    }

    /**
     * Writes the complete training state; a trainer built with {@link Builder#optState} of it
     * continues exactly where this one stands.
     */
    public void writeState(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(STATE_MAGIC);
        out.writeInt(STATE_VERSION);
        out.writeUTF(variant.id());
        out.writeInt(numClasses);
        out.writeLong(config.seed());
        out.writeLong(step);
        out.writeInt(epoch);
        out.writeLong(imagesTrained);
        out.writeLong(adam.completedSteps());
        schedule.write(out);
        ParameterFile.write(out, parameters);
        ParameterFile.write(out, adam.means());
        ParameterFile.write(out, adam.variances());
        out.writeBoolean(average != null);
        if (average != null) {
            ParameterFile.write(out, average.averages());
        }
        out.flush();
    }

    private void readState(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != STATE_MAGIC) {
            throw new IOException("not a flink-alexnet training state (bad magic number)");
        }
        int version = in.readInt();
        if (version != 1 && version != STATE_VERSION) {
            throw new IOException("training state version " + version + " is not readable; this build reads 1 and "
                    + STATE_VERSION);
        }
        String stateVariant = in.readUTF();
        int stateClasses = in.readInt();
        if (!stateVariant.equals(variant.id()) || stateClasses != numClasses) {
            throw new IOException("training state is for variant " + stateVariant + " with " + stateClasses
                    + " classes; this trainer is " + variant.id() + " with " + numClasses);
        }
        long stateSeed = in.readLong();
        if (stateSeed != config.seed()) {
            throw new IOException("training state was made with seed " + stateSeed + " but this trainer uses "
                    + config.seed() + "; restore with the same seed");
        }
        step = in.readLong();
        epoch = in.readInt();
        imagesTrained = in.readLong();
        adam.setCompletedSteps(in.readLong());
        schedule.read(in);
        ParameterFile.readInto(in, parameters, "training state");
        ParameterFile.readInto(in, adam.means(), "training state (Adam first moments)");
        ParameterFile.readInto(in, adam.variances(), "training state (Adam second moments)");
        boolean averaged = version >= 2 && in.readBoolean();
        if (averaged != (average != null)) {
            throw new IOException("training state " + (averaged ? "holds" : "holds no") + " weight average but this"
                    + " trainer's recipe " + (average != null ? "keeps one" : "keeps none") + "; restore with the"
                    + " recipe (and train.ema-decay) it was written with");
        }
        if (averaged) {
            ParameterFile.readInto(in, average.restorable(), "training state (weight average)");
        }
    }

    /**
     * The parameters and batch-norm statistics to export, by name: the weight average when the recipe keeps one,
     * else the live weights; do not modify them.
     */
    public Map<String, NDArray> parameters() {
        return average != null ? average.averages() : Collections.unmodifiableMap(parameters);
    }

    public Variant variant() {
        return variant;
    }

    /** The CIFAR-10 channel statistics the trainer normalises every image with. */
    public Normalization normalization() {
        return Normalization.CIFAR10;
    }

    public String engineName() {
        return engine.getEngineName();
    }

    public Device[] devices() {
        return trainer.getDevices().clone();
    }

    /** Optimizer steps taken so far. */
    public long step() {
        return step;
    }

    public int epoch() {
        return epoch;
    }

    /** The epoch counter is the caller's: it knows when a pass over the data ends. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** Live NDArrays under this trainer's managers, for leak checks. */
    public int liveArrayCount() {
        return model.getNDManager().getManagedArrays().size();
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    private void checkLabels(int[] labels, int n) {
        if (n <= 0 || labels.length < n) {
            throw new IllegalArgumentException("batch of " + n + " images needs " + n + " labels, got "
                    + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is outside 0.." + (numClasses - 1));
            }
        }
    }

    private static float[] toFloats(int[] labels, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = labels[i];
        }
        return values;
    }

    /** A 32-bit engine seed from (seed, step), so each step's dropout masks are reproducible. */
    static int randomSeed(long seed, long step) {
        return (int) (Seeds.mix64(seed * Seeds.GOLDEN_GAMMA + step) & 0x7FFFFFFF);
    }

    /** Builds an {@link AlexNetTrainer}; {@code setVariant} is required. */
    public static final class Builder {
        private Variant variant;
        private String engineName = Engines.defaultEngineName();
        private String devices = "auto";
        private TrainingConfig config;
        private int numClasses = 10;
        private InputStream state;

        private Builder() {}

        public Builder setVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /** {@code MXNet} (default, or DJL_DEFAULT_ENGINE) or {@code PyTorch}. */
        public Builder optEngine(String engineName) {
            this.engineName = engineName;
            return this;
        }

        /** {@code auto} (default: every GPU, else the CPU), {@code cpu}, or e.g. {@code gpu0,gpu1}. */
        public Builder optDevices(String devices) {
            this.devices = devices;
            return this;
        }

        /** Hyper-parameters; {@link TrainingConfig#defaultsFor} the variant by default. */
        public Builder optConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * A state written by {@link AlexNetTrainer#writeState} to resume from; it must be of the
         * same variant, class count and seed. Read during {@link #build()}.
         */
        public Builder optState(InputStream state) {
            this.state = state;
            return this;
        }

        public AlexNetTrainer build() {
            if (variant == null) {
                throw new IllegalArgumentException("Must set variant (cifar or seed)");
            }
            return new AlexNetTrainer(this);
        }
    }
}
