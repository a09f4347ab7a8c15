package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.model.nn.Variant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The network variant and DJL engine of the commands that build or run a model. */
final class ModelOptions {

    @Option(names = "--variant", defaultValue = "cifar-bn", paramLabel = "cifar-bn|cifar|seed",
            description = "Network variant: cifar-bn (32x32, batch norm after every convolution, for CPUs), cifar"
                    + " (32x32, batch norm after conv 1 and 2) or seed (the 224x224 reference) (default:"
                    + " ${DEFAULT-VALUE}).")
    String variant;

    @Mixin
    EngineOption engine;

    Variant variant() {
        return Variant.fromId(variant);
    }

    String engineName() {
        return engine.engineName();
    }
}
