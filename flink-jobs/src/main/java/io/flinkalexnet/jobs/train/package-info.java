/** The training job's operators: hold-out and augmentation, the checkpointed trainer, the model store. */
package io.flinkalexnet.jobs.train;
