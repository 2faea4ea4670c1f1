package io.marketlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.avro.Gap;
import java.io.ByteArrayOutputStream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class GapSchemaTest {

  @Test
  void should_expose_the_same_schema_as_the_generated_class() {
    assertThat(SchemaNormalization.parsingFingerprint64(GapSchema.schema()))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(Gap.getClassSchema()));
  }

  @Test
  void should_name_the_gaps_topic_after_the_trades_topic() {
    assertThat(GapSchema.topicFor("trades")).isEqualTo("trades.gaps");
    assertThat(GapSchema.topicFor("trades.run_1")).isEqualTo("trades.run_1.gaps");
  }

  @Test
  void should_round_trip_a_gap_without_a_from_end() throws Exception {
    Gap gap =
        Gap.newBuilder()
            .setSymbol("BINANCE:BTCUSDT")
            .setReason("ingest-start: first trade since the ingest started")
            .setIngestId("ing-1")
            .setFromTradeTsMs(null)
            .setToTradeTsMs(1_723_161_255_342L)
            .setFromReceivedAtUs(10L)
            .setToReceivedAtUs(20L)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Gap.class).write(gap, encoder);
    encoder.flush();
    Gap back =
        new SpecificDatumReader<>(Gap.class)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(back).isEqualTo(gap);
    assertThat(back.getFromTradeTsMs()).isNull();
  }
}
