package io.flinkalexnet.model.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the DJL engine and devices explicitly and keeps DJL offline.
 *
 * <p>DJL silently prefers MXNet whenever both engines are on the classpath, and downloads natives
 * when it cannot find them; this project ships both engines' natives as jars, so a download would
 * only hide a packaging mistake. Call {@link #engine(String)} before anything else touches DJL.
 */
public final class Engines {

    public static final String MXNET = "MXNet";
    public static final String PYTORCH = "PyTorch";

    private static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private Engines() {}

    /**
     * The engine named by {@code -Dai.djl.default_engine}, else {@code DJL_DEFAULT_ENGINE}, else
     * MXNet.
     */
    public static String defaultEngineName() {
        String configured = System.getProperty("ai.djl.default_engine");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("DJL_DEFAULT_ENGINE");
        }
        return configured == null || configured.isBlank() ? MXNET : canonicalName(configured);
    }

    /** Normalises an engine name ({@code mxnet}, {@code pytorch}) to DJL's spelling. */
    public static String canonicalName(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (lower) {
            case "mxnet":
                return MXNET;
            case "pytorch":
            case "torch":
                return PYTORCH;
            default:
                throw new IllegalArgumentException(
                        "unknown engine '" + name + "': use MXNet or PyTorch");
        }
    }

    /** Loads the named engine offline, with a clear error when its natives cannot be loaded. */
    public static Engine engine(String name) {
        String canonical = canonicalName(name);
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        try {
            return Engine.getEngine(canonical);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "cannot load the DJL "
                            + canonical
                            + " engine ("
                            + e.getMessage()
                            + "): its native jar must be on the classpath and ~/.djl.ai (or"
                            + " DJL_CACHE_DIR) writable",
                    e);
        }
    }

    /**
     * Resolves a device list: {@code auto} (every GPU the engine sees, else the CPU), {@code cpu},
     * or a comma-separated list such as {@code gpu0,gpu1}.
     */
    public static Device[] devices(Engine engine, String spec) {
        String value = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int gpus = engine.getGpuCount();
        if (value.isEmpty() || value.equals("auto")) {
            if (gpus == 0) {
                return new Device[] {Device.cpu()};
            }
            Device[] all = new Device[gpus];
            for (int i = 0; i < gpus; i++) {
                all[i] = Device.gpu(i);
            }
            return all;
        }
        List<Device> devices = new ArrayList<>();
        for (String token : value.split(",")) {
            Device device = Device.fromName(token.trim());
            if (device.isGpu() && device.getDeviceId() >= gpus) {
                throw new IllegalArgumentException(
                        "device '" + token.trim() + "' requested but the " + engine.getEngineName()
                                + " engine sees " + gpus + " GPU(s); use 'auto' or 'cpu'");
            }
            devices.add(device);
        }
        if (devices.stream().anyMatch(d -> !d.isGpu()) && devices.size() > 1) {
            throw new IllegalArgumentException(
                    "devices '" + spec + "' mixes the CPU with other devices; use 'cpu' alone or GPUs only");
        }
        return devices.toArray(new Device[0]);
    }
}
