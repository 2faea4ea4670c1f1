package io.marketlab.dashboard;

import io.marketlab.avro.Gap;
import io.marketlab.avro.Trade;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Kafka values of the trades and gaps topics (Avro binary, no header, docs/CONTRACTS.md) as JSON
 * objects: the record's fields under their Avro names, in schema order, plus readable UTC times. A
 * value that is not exactly one record of the schema (bad bytes, bytes left over) is an {@link
 * Undecodable} with the reason and the first bytes in hex.
 */
final class AvroJson {

  /** How many bytes of an undecodable value the page is shown, in hex. */
  static final int HEX_HEAD_BYTES = 64;

  private AvroJson() {}

  /** A value that is not a record of its topic's schema. */
  static final class Undecodable extends Exception {
    Undecodable(String message) {
      super(message);
    }
  }

  /** A {@code Trade} as JSON, plus {@code trade_time} and {@code received_at} (ISO, UTC). */
  static Map<String, Object> trade(byte[] value) throws Undecodable {
    Map<String, Object> fields = decode(Trade.getClassSchema(), value);
    fields.put("trade_time", Instant.ofEpochMilli((Long) fields.get("trade_ts_ms")).toString());
    fields.put("received_at", micros((Long) fields.get("received_at_us")));
    return fields;
  }

  /** A {@code Gap} as JSON, plus {@code from_time}, {@code to_time} (ISO or null) and receipts. */
  static Map<String, Object> gap(byte[] value) throws Undecodable {
    Map<String, Object> fields = decode(Gap.getClassSchema(), value);
    Long from = (Long) fields.get("from_trade_ts_ms");
    Long to = (Long) fields.get("to_trade_ts_ms");
    fields.put("from_time", from == null ? null : Instant.ofEpochMilli(from).toString());
    fields.put("to_time", to == null ? null : Instant.ofEpochMilli(to).toString());
    fields.put("from_received_at", micros((Long) fields.get("from_received_at_us")));
    fields.put("to_received_at", micros((Long) fields.get("to_received_at_us")));
    return fields;
  }

  static Map<String, Object> decode(Schema schema, byte[] value) throws Undecodable {
    if (value == null) {
      throw new Undecodable("no value (a null record)");
    }
    GenericRecord record;
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, null);
      record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new Undecodable("not one " + schema.getName() + ": bytes left over after the record");
      }
    } catch (IOException | AvroRuntimeException | ClassCastException e) {
      throw new Undecodable("not a " + schema.getName() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // Avro reports some damage (a huge length, a negative size) as other runtime exceptions.
      throw new Undecodable("not a " + schema.getName() + ": " + e);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      fields.put(field.name(), plain(record.get(field.pos())));
    }
    return fields;
  }

  /** The first {@value #HEX_HEAD_BYTES} bytes in hex, for a value that does not decode. */
  static String hexHead(byte[] value) {
    if (value == null) {
      return "";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(value.length, HEX_HEAD_BYTES); i++) {
      hex.append(String.format("%02x", value[i]));
    }
    return hex.toString();
  }

  private static Object plain(Object value) {
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(plain(item));
      }
      return copy;
    }
    return value;
  }

  private static String micros(Long micros) {
    return micros == null ? null : JsonViews.micros(micros);
  }
}
