/** The benchmarks of the jobs against the bare model-core loops, each in one run on the local stack. */
package io.flinkalexnet.launcher.bench;
