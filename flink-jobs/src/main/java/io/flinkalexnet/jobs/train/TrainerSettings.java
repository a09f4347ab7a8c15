package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.store.ModelStore;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.TrainingConfig;
import java.io.Serializable;
import java.util.List;

/** What the trainer operator needs from the job's options. */
public record TrainerSettings(
        Variant variant,
        String engine,
        String devices,
        int batchSize,
        TrainingConfig training,
        List<String> classNames,
        int exportEverySteps,
        ModelStore modelStore,
        int validationMaxImages,
        int logEverySteps,
        long stepLimit,
        boolean trainingLog)
        implements Serializable {}
