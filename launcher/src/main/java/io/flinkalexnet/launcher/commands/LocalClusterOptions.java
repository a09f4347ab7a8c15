package io.flinkalexnet.launcher.commands;

import picocli.CommandLine.Option;

/** The local Flink cluster of the commands that start one: its parallelism and its web UI's port. */
final class LocalClusterOptions {

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the jobs and task slots of the local Flink cluster (default: the number of"
                    + " cores).")
    Integer parallelism;

    @Option(names = "--web-ui-port", defaultValue = "8081-8180", paramLabel = "PORT|RANGE",
            description = "Port, or range to take the first free port of, for the Flink web UI (default:"
                    + " ${DEFAULT-VALUE}; 0: any).")
    String webUiPort;

    int parallelism() {
        return parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
    }
}
