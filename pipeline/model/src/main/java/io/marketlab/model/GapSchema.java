package io.marketlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * The Avro {@code Gap} schema at runtime, read from the {@code gap.avsc} that generated {@link
 * io.marketlab.avro.Gap}, and the name of the topic gaps travel on (docs/CONTRACTS.md).
 */
public final class GapSchema {

  static final String RESOURCE = "/avro/gap.avsc";

  /** Appended to the trades topic: gaps of topic {@code trades} go to {@code trades.gaps}. */
  public static final String TOPIC_SUFFIX = ".gaps";

  private static final String JSON = load();
  private static final Schema SCHEMA = new Schema.Parser().parse(JSON);

  private GapSchema() {}

  /** The gaps topic that belongs to a trades topic: {@code TOPIC.gaps}. */
  public static String topicFor(String tradesTopic) {
    return tradesTopic + TOPIC_SUFFIX;
  }

  /** The schema text exactly as in gap.avsc. */
  public static String json() {
    return JSON;
  }

  static Schema schema() {
    return SCHEMA;
  }

  private static String load() {
    try (InputStream in = GapSchema.class.getResourceAsStream(RESOURCE)) {
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
