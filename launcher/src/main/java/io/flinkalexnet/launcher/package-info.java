/**
 * The {@code flink-alexnet} command line ({@code bin/flink-alexnet}): its subcommands, one-line error reporting and
 * the console helpers they share.
 */
package io.flinkalexnet.launcher;
