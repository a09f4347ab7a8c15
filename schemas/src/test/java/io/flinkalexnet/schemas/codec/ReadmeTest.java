package io.flinkalexnet.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps schemas/README.md's fingerprint table in step with the schemas. */
class ReadmeTest {

  @ParameterizedTest
  @MethodSource("io.flinkalexnet.schemas.codec.SampleRecords#contractCodecs")
  void readmeListsTheCurrentFingerprint(RecordCodec<?> codec) throws Exception {
    String expectedRow =
        "| "
            + codec.schema().getName()
            + " | `"
            + RecordCodec.wireHex(codec.fingerprint())
            + "` | `"
            + codec.fingerprint()
            + "` |";

    assertThat(Files.readAllLines(AvscFiles.MODULE_DIR.resolve("README.md")))
        .as("schemas/README.md fingerprint table (update it whenever a .avsc changes)")
        .contains(expectedRow);
  }
}
