/** The subcommands of {@code flink-alexnet}: option parsing and output; the work is done in the sibling packages. */
package io.flinkalexnet.launcher.commands;
