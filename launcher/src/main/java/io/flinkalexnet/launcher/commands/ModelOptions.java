package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.model.nn.Variant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The network variant and DJL engine of the commands that build or run a model. */
final class ModelOptions {

    @Option(names = "--variant", defaultValue = "cifar", paramLabel = "cifar|cifar-bn|seed",
            description = "Network variant: cifar (32x32, for CPUs), cifar-bn (32x32, batch norm after every"
                    + " convolution) or seed (the 224x224 reference) (default: ${DEFAULT-VALUE}).")
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
