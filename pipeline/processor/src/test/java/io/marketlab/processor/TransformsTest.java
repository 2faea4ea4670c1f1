package io.marketlab.processor;

import static io.marketlab.processor.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Resolution;
import io.marketlab.model.TradeSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransformsTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.session();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void should_decode_an_avro_trade_with_its_kafka_coordinates() {
    TradeRow sent =
        new TradeRow(
            "SPY",
            167.41,
            100,
            T0 + 464,
            List.of("1", "12"),
            1_723_161_240_465_123L,
            "ing-20240808T235400Z-3f9a",
            42,
            3,
            1,
            7_000,
            T0 + 470,
            false);

    DecodedRows.Split split = split(List.of(KafkaRecords.record(sent)));

    assertThat(split.deadLetters()).isEmpty();
    assertThat(split.trades()).containsExactly(sent);
  }

  @Test
  void should_route_undecodable_values_to_dead_letters_with_their_bytes() {
    byte[] good = KafkaRecords.avro(trade("S", 10, 1, T0, 0));
    byte[] truncated = Arrays.copyOf(good, 5);
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    List<Row> input =
        List.of(
            KafkaRecords.raw("S", truncated, 0, 10, T0),
            KafkaRecords.raw("S", garbage, 0, 11, T0),
            KafkaRecords.raw("S", null, 0, 12, T0),
            KafkaRecords.raw("S", good, 0, 13, T0));

    DecodedRows.Split split = split(input);
    List<DeadLetter> dead = split.deadLetters();

    assertThat(split.trades()).hasSize(1);
    assertThat(dead).extracting(DeadLetter::kafkaOffset).containsExactly(10L, 11L, 12L);
    assertThat(dead.get(0).value()).isEqualTo(truncated);
    assertThat(dead.get(0).reason()).isEqualTo("value is not an Avro Trade (5 bytes)");
    assertThat(dead.get(1).value()).isEqualTo(garbage);
    assertThat(dead.get(2).reason()).isEqualTo("record value is null");
    assertThat(dead.get(2).value()).isEmpty();
  }

  @Test
  void should_dead_letter_a_decodable_trade_with_impossible_values() {
    List<Row> input =
        List.of(
            KafkaRecords.record(trade("S", -1, 1, T0, 0)),
            KafkaRecords.record(trade("S", Double.NaN, 1, T0, 1)),
            KafkaRecords.record(trade(" ", 10, 1, T0, 2)),
            KafkaRecords.record(trade("S", 10, -3, T0, 3)));

    List<DeadLetter> dead = split(input).deadLetters();

    assertThat(dead)
        .extracting(DeadLetter::reason)
        .containsExactly(
            "price must be finite and > 0, got -1.0", "price must be finite and > 0, got NaN",
            "symbol is empty", "volume must be finite and >= 0, got -3.0");
  }

  @Test
  void should_dead_letter_what_cassandra_could_not_store() {
    String symbol = "\u00e9".repeat(Transforms.MAX_SYMBOL_BYTES / 2 + 1); // 2 bytes a char in UTF-8
    String ingestId = "i".repeat(Transforms.MAX_INGEST_ID_BYTES + 1);
    List<Row> input =
        List.of(
            KafkaRecords.record(trade(symbol, 10, 1, T0, 0)),
            KafkaRecords.record(
                new TradeRow("S", 10, 1, T0, List.of(), 0, ingestId, 1, 0, 0, 1, T0, false)),
            KafkaRecords.record(
                new TradeRow(
                    "S",
                    10,
                    1,
                    Transforms.MAX_TRADE_TS_MS + 1,
                    List.of(),
                    0,
                    "ing-test",
                    2,
                    0,
                    0,
                    2,
                    T0,
                    false)),
            KafkaRecords.record(trade("É".repeat(Transforms.MAX_SYMBOL_BYTES / 2), 10, 1, T0, 3)),
            KafkaRecords.record(
                new TradeRow(
                    "S",
                    10,
                    1,
                    Transforms.MAX_TRADE_TS_MS,
                    List.of(),
                    0,
                    "ing-test",
                    4,
                    0,
                    0,
                    4,
                    T0,
                    false)));

    DecodedRows.Split split = split(input);

    assertThat(split.deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactly(
            "symbol is 65522 bytes, over Cassandra's key limit (65520 bytes)",
            "ingest_id is 65536 bytes, over Cassandra's key limit (65535 bytes)",
            "trade_ts_ms is past the last day Cassandra can store, got "
                + (Transforms.MAX_TRADE_TS_MS + 1));
    assertThat(split.trades()).extracting(TradeRow::kafkaOffset).containsExactly(3L, 4L);
  }

  @Test
  void should_write_a_static_kafka_batch_through_the_foreach_batch_function() {
    List<TradeRow> arrival =
        new ArrayList<>(
            List.of(
                trade("S", 10, 1, T0 + 30_000, 0),
                Trades.inFrame("S", 11, 2, T0 + 30_000, 1, 0, 1), // same ms as the first
                Trades.inFrame("S", 12, 1, T0 + 30_000, 1, 1, 2), // same ms, same frame
                trade("S", 13, 0, T0 + 30_500, 3), // v = 0
                trade("S", 9, 1, T0 + 25_000, 4), // out of order, within the watermark
                trade("S", 50, 1, T0 + 5_000, 5))); // late: 25 s behind
    List<Row> input = new ArrayList<>();
    for (TradeRow t : arrival) {
      input.add(KafkaRecords.record(t));
    }
    input.add(KafkaRecords.raw("S", new byte[] {1}, 0, 6, T0));
    InMemoryStore store = new InMemoryStore();
    BatchWriter writer = new BatchWriter(store.handle(), null, Clock.systemUTC());

    writer.call(ProcessorQuery.stateful(decode(input), 10_000), 0L);

    ExpectedTables expected = ExpectedTables.of(arrival, 10_000);
    assertThat(store.trades).hasSize(6);
    assertThat(store.deadLetters).hasSize(1);
    assertThat(store.lateTrades.keySet()).isEqualTo(expected.lateTrades).hasSize(1);
    assertThat(ExpectedTables.actual(store)).isEqualTo(expected.candles);
    Candle second = store.candles.get(InMemoryStore.candleKey("S", Resolution.SECOND, T0 + 30_000));
    assertThat(second.tradeCount()).isEqualTo(3);
    assertThat(second.open()).isEqualTo(10);
    assertThat(second.close()).isEqualTo(12);
  }

  private static DecodedRows.Split split(List<Row> rows) {
    return DecodedRows.split(decode(rows).orderBy("kafka_offset").collectAsList());
  }

  private static Dataset<Row> decode(List<Row> rows) {
    return Transforms.decode(KafkaRecords.dataset(spark, rows), TradeSchema.json());
  }

  /** The stateful query reads gap records beside trades: a jump a recorded gap meets is skipped. */
  @Test
  void should_skip_the_jump_a_gap_record_of_the_gaps_topic_meets() throws Exception {
    long t = T0;
    List<Row> records = new ArrayList<>();
    double[] closes = {100, 101, 100, 120};
    for (int i = 0; i < closes.length; i++) {
      records.add(KafkaRecords.record(trade("S", closes[i], 1, t + 1000L * i + 100, i)));
    }
    records.add(KafkaRecords.record(trade("S", 120, 1, t + 60_000, 4)));
    Analytics.Params fast = new Analytics.Params(1, 2, 8.0, 1e-6, 6.0, 0.5);

    List<OutputRow> without = anomalies(records, fast);
    io.marketlab.avro.Gap gap =
        io.marketlab.avro.Gap.newBuilder()
            .setSymbol("S")
            .setReason("reconnect: test")
            .setIngestId("ing-test")
            .setFromTradeTsMs(t + 2_500L)
            .setToTradeTsMs(t + 2_600L)
            .setFromReceivedAtUs(1)
            .setToReceivedAtUs(2)
            .build();
    java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(value, null);
    new org.apache.avro.specific.SpecificDatumWriter<>(io.marketlab.avro.Gap.class)
        .write(gap, encoder);
    encoder.flush();
    List<Row> withGap = new ArrayList<>(records);
    withGap.add(gapRecord("S", value.toByteArray()));
    withGap.add(gapRecord(null, value.toByteArray())); // no key: not a gap row, not a trade

    assertThat(without)
        .extracting(OutputRow::getReason, OutputRow::getWindowStartMs)
        .contains(org.assertj.core.groups.Tuple.tuple("price_jump", t + 3000));
    List<OutputRow> with = anomalies(withGap, fast);
    assertThat(with).extracting(OutputRow::getReason).doesNotContain("price_jump");
  }

  private static Row gapRecord(String key, byte[] value) {
    Row row = KafkaRecords.raw(key, value, 0, 0, T0);
    return org.apache.spark.sql.RowFactory.create(
        row.get(0), row.get(1), "trades.gaps", 0, 0L, row.get(5), 0);
  }

  private static List<OutputRow> anomalies(List<Row> records, Analytics.Params params) {
    Dataset<Row> decoded =
        Transforms.decode(KafkaRecords.dataset(spark, records), TradeSchema.json(), "trades.gaps");
    List<OutputRow> rows =
        ProcessorQuery.stateful(decoded, 2_000, true, "trades.gaps", params).collectAsList();
    assertThat(rows).noneMatch(r -> r.getKind() == OutputRow.DEAD_LETTER);
    return rows.stream().filter(r -> r.getKind() == OutputRow.ANOMALY).toList();
  }
}
