/**
 * Where both jobs keep model artifacts: the training job writes each version and marks the newest, the
 * inference job fetches the versions it is told to serve.
 */
package io.flinkalexnet.jobs.store;
