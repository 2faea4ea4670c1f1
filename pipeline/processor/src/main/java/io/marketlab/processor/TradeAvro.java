package io.marketlab.processor;

import io.marketlab.avro.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A trade back as the Avro value it was decoded from, for the dead letter of a row Cassandra
 * refused (trades travel without their raw value; Avro binary is canonical, so the bytes equal the
 * record's for the same schema).
 */
final class TradeAvro {

  private TradeAvro() {}

  static byte[] encode(TradeRow t) {
    Trade trade =
        Trade.newBuilder()
            .setSymbol(t.symbol())
            .setPrice(t.price())
            .setVolume(t.volume())
            .setTradeTsMs(t.tradeTsMs())
            .setConditions(t.conditions())
            .setReceivedAtUs(t.receivedAtUs())
            .setIngestId(t.ingestId())
            .setFrameSeq(t.frameSeq())
            .setIndexInFrame(t.indexInFrame())
            .build();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(Trade.class).write(trade, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
