package io.flinkalexnet.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void engineNamesAreCaseInsensitive() {
        assertThat(Engines.canonicalName("pytorch")).isEqualTo("PyTorch");
        assertThat(Engines.canonicalName(" MXNET ")).isEqualTo("MXNet");
    }

    @Test
    void unknownEngineNamesTheChoices() {
        assertThatThrownBy(() -> Engines.canonicalName("tensorflow"))
                .hasMessage("unknown engine 'tensorflow': use MXNet or PyTorch");
    }

    @Test
    void autoFallsBackToTheCpuWithoutGpus() {
        var engine = Engines.engine(Engines.MXNET);
        Device[] devices = Engines.devices(engine, "auto");
        assertThat(devices).hasSizeGreaterThanOrEqualTo(1);
        if (engine.getGpuCount() == 0) {
            assertThat(devices).containsExactly(Device.cpu());
        }
    }

    @Test
    void missingGpuIsAClearError() {
        var engine = Engines.engine(Engines.MXNET);
        int gpus = engine.getGpuCount();
        assertThatThrownBy(() -> Engines.devices(engine, "gpu" + gpus))
                .hasMessageContaining("sees " + gpus + " GPU(s)");
    }

    @Test
    void djlStaysOffline() {
        Engines.engine(Engines.MXNET);
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
