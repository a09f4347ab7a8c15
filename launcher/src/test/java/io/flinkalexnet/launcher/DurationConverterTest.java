package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Durations as users write them on the command line. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsEachUnitAndPlainSeconds() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(converter.convert("15 s")).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void refusesTextThatIsNotADurationWithAnExample() {
        assertThatThrownBy(() -> converter.convert("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'soon' is not a duration; write e.g. 500ms, 30s, 2m or 1h");
    }
}
