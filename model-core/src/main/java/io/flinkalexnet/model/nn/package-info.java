/** The network, its input preparation, engine and device selection, and the parameter file format. */
package io.flinkalexnet.model.nn;
