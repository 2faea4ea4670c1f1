package io.marketlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.avro.Trade;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class TradeSchemaTest {

  @Test
  void should_expose_the_same_schema_as_the_generated_class() {
    // The generated class adds "avro.java.string" properties; the parsing canonical form ignores
    // them.
    assertThat(SchemaNormalization.parsingFingerprint64(TradeSchema.schema()))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(Trade.getClassSchema()));
    assertThat(TradeSchema.json()).contains("\"trade_ts_ms\"").contains("io.marketlab.avro");
  }

  @Test
  void should_name_fields_in_snake_case_in_contract_order() {
    List<String> names =
        TradeSchema.schema().getFields().stream().map(org.apache.avro.Schema.Field::name).toList();
    assertThat(names)
        .containsExactly(
            "symbol",
            "price",
            "volume",
            "trade_ts_ms",
            "conditions",
            "received_at_us",
            "ingest_id",
            "frame_seq",
            "index_in_frame");
  }

  @Test
  void should_round_trip_a_trade_through_avro_binary_with_string_fields() throws Exception {
    Trade trade =
        Trade.newBuilder()
            .setSymbol("BINANCE:BTCUSDT")
            .setPrice(61837.63)
            .setVolume(0.02)
            .setTradeTsMs(1723161255342L)
            .setReceivedAtUs(1723161254087896L)
            .setIngestId("ing-1")
            .setFrameSeq(7)
            .setIndexInFrame(2)
            .build();
    assertThat(trade.getConditions()).isEmpty();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(Trade.class).write(trade, encoder);
    encoder.flush();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    Trade back = new SpecificDatumReader<>(Trade.class).read(null, decoder);

    assertThat(back).isEqualTo(trade);
    assertThat(back.getSymbol()).isInstanceOf(String.class);
  }
}
