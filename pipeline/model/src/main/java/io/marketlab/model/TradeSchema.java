package io.marketlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * The Avro {@code Trade} schema at runtime, read from the same {@code trade.avsc} that generated
 * {@link io.marketlab.avro.Trade}, so tools that need the text (Spark's from_avro, docs) and the
 * generated class can never disagree.
 */
public final class TradeSchema {

  /** Classpath location of the schema file (copied there from src/main/avro by the build). */
  static final String RESOURCE = "/avro/trade.avsc";

  private static final String JSON = load();
  private static final Schema SCHEMA = new Schema.Parser().parse(JSON);

  private TradeSchema() {}

  /** The schema text exactly as in trade.avsc. */
  public static String json() {
    return JSON;
  }

  /** The parsed schema; equal to {@code io.marketlab.avro.Trade.getClassSchema()}. */
  static Schema schema() {
    return SCHEMA;
  }

  private static String load() {
    try (InputStream in = TradeSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Avro schema " + RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro schema " + RESOURCE, e);
    }
  }
}
