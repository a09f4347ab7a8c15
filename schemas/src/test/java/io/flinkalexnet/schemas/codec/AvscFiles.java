package io.flinkalexnet.schemas.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.avro.Schema;

/** Parses the contract files under {@code schemas/avro/} the way a producer in any language reads them. */
final class AvscFiles {

  /** The module's folder; Maven runs the tests there. */
  static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "."));

  private static final Path AVRO_DIR = MODULE_DIR.resolve("avro");

  private AvscFiles() {}

  /** Returns the named record's schema, parsed from its .avsc after the shared types it refers to. */
  static Schema parse(String recordName) {
    return parseWithSharedTypes(AVRO_DIR.resolve(recordName + ".avsc"));
  }

  /** Parses any .avsc file that may refer to PixelEncoding, Split and ClassProbability by name. */
  static Schema parseWithSharedTypes(Path avsc) {
    Schema.Parser parser = new Schema.Parser();
    try {
      for (String shared : new String[] {"PixelEncoding", "Split", "ClassProbability"}) {
        parser.parse(AVRO_DIR.resolve(shared + ".avsc").toFile());
      }
      return parser.parse(avsc.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + avsc, e);
    }
  }
}
