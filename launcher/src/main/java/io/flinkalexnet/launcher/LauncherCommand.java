package io.flinkalexnet.launcher;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A subcommand of {@code flink-alexnet}: {@code --help}, and the command line's output and error writers. */
public abstract class LauncherCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** Where results go (standard output unless the command line was given another writer). */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where progress and problems go (standard error unless the command line was given another writer). */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command's name, e.g. {@code quickstart}. */
    protected String name() {
        return spec.name();
    }
}
