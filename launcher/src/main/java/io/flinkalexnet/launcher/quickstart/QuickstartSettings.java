package io.flinkalexnet.launcher.quickstart;

import io.flinkalexnet.model.nn.Variant;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the quickstart runs.
 *
 * @param data the training and held-out images
 * @param variant the network variant
 * @param engine the DJL engine
 * @param epochs passes over the training images (used when {@code steps} is 0)
 * @param steps optimizer steps to train for (0: train for {@code epochs})
 * @param batchSize images per optimizer step
 * @param validationFraction share of the training images held out for the validation accuracy at each export
 * @param exports about how many model versions to export over the run (for the validation curve)
 * @param checkpointInterval the jobs' checkpoint interval; exports happen at checkpoints
 * @param parallelism the jobs' parallelism and the local TaskManager's slots
 * @param webUiPorts the port or range of the Flink web UI
 * @param out the folder the model, the predictions summary and the report go to
 */
public record QuickstartSettings(QuickstartData data, Variant variant, String engine, int epochs, long steps,
        int batchSize, double validationFraction, int exports, Duration checkpointInterval, int parallelism,
        String webUiPorts, Path out) {}
