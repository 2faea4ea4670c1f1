package io.marketlab.ingest;

import io.marketlab.avro.Gap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A {@link FeedGap} as its Kafka record: key = symbol, value = Avro binary of {@link Gap}. */
final class GapRecords {

  private GapRecords() {}

  static ProducerRecord<byte[], byte[]> record(String topic, FeedGap gap) {
    return new ProducerRecord<>(topic, gap.symbol().getBytes(StandardCharsets.UTF_8), encode(gap));
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
}
