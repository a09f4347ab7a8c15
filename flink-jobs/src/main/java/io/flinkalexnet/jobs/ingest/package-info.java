/** Decoding and validation of incoming image records, with the dead-letter path. */
package io.flinkalexnet.jobs.ingest;
