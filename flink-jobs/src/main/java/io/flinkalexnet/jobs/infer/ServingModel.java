package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.model.infer.ImageClassifier;
import io.flinkalexnet.schemas.ModelUpdate;

/** A loaded classifier and the ModelUpdate it was loaded from; closing it frees the model. */
record ServingModel(ModelUpdate update, ImageClassifier classifier) implements AutoCloseable {

    long version() {
        return update.getModelVersion();
    }

    @Override
    public void close() {
        classifier.close();
    }
}
