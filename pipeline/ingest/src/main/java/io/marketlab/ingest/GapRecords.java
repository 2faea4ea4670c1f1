package io.marketlab.ingest;

import io.marketlab.avro.Gap;
import io.marketlab.ingest.journal.JournalEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A {@link FeedGap} as its journal entry and its Kafka record: key = symbol, value = Avro binary of
 * {@link Gap}, headers {@code ingest_id} and {@code journal_seq} (the seq of its journal entry: the
 * identity by which a resend finds it already in Kafka). The journal keeps the Avro value as base64
 * text, so the bytes sent are the bytes journaled.
 */
public final class GapRecords {

  /** Header of a gap record: the seq of the journal entry it was sent from. */
  public static final String HEADER_JOURNAL_SEQ = "journal_seq";

  private GapRecords() {}

  /** The journal text of a gap. */
  static String journalText(FeedGap gap) {
    return Base64.getEncoder().encodeToString(encode(gap));
  }

  /** The record of a journaled gap. */
  static ProducerRecord<byte[], byte[]> record(String topic, String ingestId, JournalEntry entry) {
    byte[] value;
    Gap gap;
    try {
      value = Base64.getDecoder().decode(entry.text());
      gap =
          new SpecificDatumReader<>(Gap.class)
              .read(null, DecoderFactory.get().binaryDecoder(value, null));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "journal entry seq " + entry.seq() + " is not a gap record: " + e, e);
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, gap.getSymbol().toString().getBytes(StandardCharsets.UTF_8), value);
    record.headers().add(header(TradeProducer.HEADER_INGEST_ID, ingestId));
    record.headers().add(header(HEADER_JOURNAL_SEQ, Long.toString(entry.seq())));
    return record;
  }

  /** The category of a gap record's reason: the text before its first colon. */
  static String category(ProducerRecord<byte[], byte[]> record) {
    try {
      Gap gap =
          new SpecificDatumReader<>(Gap.class)
              .read(null, DecoderFactory.get().binaryDecoder(record.value(), null));
      String reason = gap.getReason().toString();
      int colon = reason.indexOf(':');
      return colon < 0 ? reason : reason.substring(0, colon);
    } catch (IOException e) {
      throw new IllegalStateException("not a gap record: " + e, e);
    }
  }

  static Gap toAvro(FeedGap gap) {
    return Gap.newBuilder()
        .setSymbol(gap.symbol())
        .setReason(gap.reason())
        .setIngestId(gap.ingestId())
        .setFromTradeTsMs(gap.fromTradeMs())
        .setToTradeTsMs(gap.toTradeMs())
        .setFromReceivedAtUs(gap.fromReceivedAtMicros())
        .setToReceivedAtUs(gap.toReceivedAtMicros())
        .build();
  }

  static byte[] encode(FeedGap gap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(Gap.class).write(toAvro(gap), encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode gap " + gap, e);
    }
    return out.toByteArray();
  }

  private static RecordHeader header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
