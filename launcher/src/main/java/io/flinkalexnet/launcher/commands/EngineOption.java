package io.flinkalexnet.launcher.commands;

import io.flinkalexnet.model.nn.Engines;
import picocli.CommandLine.Option;

/** The DJL engine a command runs its model on. */
final class EngineOption {

    @Option(names = "--engine", paramLabel = "MXNet|PyTorch",
            description = "DJL engine: MXNet or PyTorch (default: MXNet, or DJL_DEFAULT_ENGINE).")
    String engine;

    String engineName() {
        return engine == null ? Engines.defaultEngineName() : Engines.canonicalName(engine);
    }
}
