package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.avro.Gap;
import io.marketlab.avro.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  static <T extends SpecificRecord> byte[] encode(T record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    @SuppressWarnings("unchecked")
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
    writer.write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  static Trade trade() {
    return Trade.newBuilder()
        .setSymbol("BINANCE:BTCUSDT")
        .setPrice(61000.5)
        .setVolume(0.025)
        .setTradeTsMs(1723161254087L)
        .setConditions(List.of("1", "12"))
        .setReceivedAtUs(1723161254123456L)
        .setIngestId("ing-20240809T000000Z-3f9a")
        .setFrameSeq(41)
        .setIndexInFrame(2)
        .build();
  }

  @Test
  void a_trade_should_be_its_fields_in_schema_order_with_readable_times() throws Exception {
    assertThat(json.writeValueAsString(AvroJson.trade(encode(trade()))))
        .isEqualTo(
            "{\"symbol\":\"BINANCE:BTCUSDT\",\"price\":61000.5,\"volume\":0.025,"
                + "\"trade_ts_ms\":1723161254087,\"conditions\":[\"1\",\"12\"],"
                + "\"received_at_us\":1723161254123456,\"ingest_id\":\"ing-20240809T000000Z-3f9a\","
                + "\"frame_seq\":41,\"index_in_frame\":2,"
                + "\"trade_time\":\"2024-08-08T23:54:14.087Z\","
                + "\"received_at\":\"2024-08-08T23:54:14.123456Z\"}");
  }

  @Test
  void a_gap_should_keep_its_missing_end_as_null() throws Exception {
    Gap gap =
        Gap.newBuilder()
            .setSymbol("AAPL")
            .setReason("ingest-start: the ingest started")
            .setIngestId("ing-1")
            .setFromTradeTsMs(null)
            .setToTradeTsMs(1723161254087L)
            .setFromReceivedAtUs(1723161250000000L)
            .setToReceivedAtUs(1723161254123456L)
            .build();

    assertThat(json.writeValueAsString(AvroJson.gap(encode(gap))))
        .isEqualTo(
            "{\"symbol\":\"AAPL\",\"reason\":\"ingest-start: the ingest started\","
                + "\"ingest_id\":\"ing-1\",\"from_trade_ts_ms\":null,"
                + "\"to_trade_ts_ms\":1723161254087,\"from_received_at_us\":1723161250000000,"
                + "\"to_received_at_us\":1723161254123456,\"from_time\":null,"
                + "\"to_time\":\"2024-08-08T23:54:14.087Z\","
                + "\"from_received_at\":\"2024-08-08T23:54:10Z\","
                + "\"to_received_at\":\"2024-08-08T23:54:14.123456Z\"}");
  }

  @Test
  void bytes_that_are_no_trade_should_say_so() throws Exception {
    byte[] good = encode(trade());

    assertThatThrownBy(() -> AvroJson.trade("{\"s\":\"AAPL\"}".getBytes()))
        .isInstanceOf(AvroJson.Undecodable.class)
        .hasMessageStartingWith("not a Trade: ");
    assertThatThrownBy(() -> AvroJson.trade(Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(AvroJson.Undecodable.class)
        .hasMessageStartingWith("not a Trade: ");
    assertThatThrownBy(() -> AvroJson.trade(Arrays.copyOf(good, good.length + 2)))
        .isInstanceOf(AvroJson.Undecodable.class)
        .hasMessage("not one Trade: bytes left over after the record");
    assertThatThrownBy(() -> AvroJson.trade(null))
        .isInstanceOf(AvroJson.Undecodable.class)
        .hasMessage("no value (a null record)");
  }

  @Test
  void the_head_of_an_undecodable_value_should_be_shown_in_hex_and_bounded() {
    byte[] value = new byte[500];
    value[0] = (byte) 0xff;
    value[1] = 0x0a;

    String hex = AvroJson.hexHead(value);

    assertThat(hex).hasSize(2 * AvroJson.HEX_HEAD_BYTES).startsWith("ff0a00");
  }
}
