/** The training job's operators: hold-out and augmentation, and the checkpointed trainer. */
package io.flinkalexnet.jobs.train;
