package io.flinkalexnet.launcher;

import io.flinkalexnet.launcher.commands.BenchCommand;
import io.flinkalexnet.launcher.commands.EvaluateCommand;
import io.flinkalexnet.launcher.commands.InferCommand;
import io.flinkalexnet.launcher.commands.KafkaCommand;
import io.flinkalexnet.launcher.commands.PredictionsCommand;
import io.flinkalexnet.launcher.commands.ProduceCommand;
import io.flinkalexnet.launcher.commands.QuickstartCommand;
import io.flinkalexnet.launcher.commands.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flink-alexnet} command line ({@code bin/flink-alexnet}): the local stack, the tools and benchmarks. */
@Command(name = "flink-alexnet",
        description = "Streaming training and inference of AlexNet on CIFAR-10 with Apache Flink and Kafka.",
        subcommands = {QuickstartCommand.class, EvaluateCommand.class, ProduceCommand.class, PredictionsCommand.class, KafkaCommand.class,
                TrainCommand.class, InferCommand.class, BenchCommand.class},
        footer = {"", "Run 'flink-alexnet COMMAND --help' for the options of a command."})
public final class FlinkAlexnet extends LauncherCommand {

    /** Runs the command line and exits with its code (Kafka's and Flink's threads would keep the JVM alive). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line error reporting, ready to {@link CommandLine#execute}. */
    public static CommandLine commandLine() {
        ErrorReporting errors = new ErrorReporting();
        return new CommandLine(new FlinkAlexnet())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    @Override
    public Integer call() {
        err().println("error: name a command (see 'flink-alexnet --help')");
        err().flush();
        return ErrorReporting.USAGE;
    }
}
