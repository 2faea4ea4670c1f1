package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.avro.Trade;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class TradeProducerTest {

  private static final String INGEST_ID = "ing-test-0001";

  private final MockProducer<byte[], byte[]> mock =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final IngestMetrics metrics = new IngestMetrics();
  private long now = 5_000_000L;
  private final TradeProducer producer =
      new TradeProducer(
          mock,
          new TradeProducerConfig("unused:9092", null, null, 1, INGEST_ID),
          metrics,
          () -> now);

  private void publish(long seq, long receivedAt, String text) {
    producer.publish(new ReceivedFrame(seq, receivedAt, text), FinnhubCodec.parse(text));
  }

  private List<ProducerRecord<byte[], byte[]>> sentTo(String topic) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : mock.history()) {
      if (record.topic().equals(topic)) {
        out.add(record);
      }
    }
    return out;
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void should_send_one_avro_trade_per_trade_keyed_by_symbol_with_identity_and_receipt_time() {
    String frame =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":261.74,\"t\":1723161600123,\"v\":100,"
            + "\"c\":[\"1\",\"12\"]},{\"s\":\"BINANCE:BTCUSDT\",\"p\":61837.63,\"t\":1723161600124,"
            + "\"v\":0.02,\"c\":null}]}";
    publish(7, 4_000_000L, frame);

    List<ProducerRecord<byte[], byte[]>> trades = sentTo("trades");
    assertThat(trades).hasSize(2);
    assertThat(new String(trades.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("AAPL");
    assertThat(new String(trades.get(1).key(), StandardCharsets.UTF_8))
        .isEqualTo("BINANCE:BTCUSDT");
    Trade first = TestSessions.decode(trades.get(0).value());
    assertThat(first.getSymbol()).isEqualTo("AAPL");
    assertThat(first.getPrice()).isEqualTo(261.74);
    assertThat(first.getVolume()).isEqualTo(100.0);
    assertThat(first.getTradeTsMs()).isEqualTo(1723161600123L);
    assertThat(first.getConditions()).containsExactly("1", "12");
    assertThat(first.getReceivedAtUs()).isEqualTo(4_000_000L);
    assertThat(first.getIngestId()).isEqualTo(INGEST_ID);
    assertThat(first.getFrameSeq()).isEqualTo(7L);
    assertThat(first.getIndexInFrame()).isEqualTo(0);
    Trade second = TestSessions.decode(trades.get(1).value());
    assertThat(second.getPrice()).isEqualTo(61837.63);
    assertThat(second.getVolume()).isEqualTo(0.02);
    assertThat(second.getConditions()).isEmpty();
    assertThat(second.getIndexInFrame()).isEqualTo(1);
    assertThat(sentTo("trades.dlq")).isEmpty();
    // MockProducer acks at once: latency = clock at ack (5 s) - receipt (4 s) = 1 s, both trades.
    org.HdrHistogram.Histogram latency = metrics.snapshot().sendLatencyMicros();
    assertThat(latency.getTotalCount()).isEqualTo(2);
    assertThat(latency.valuesAreEquivalent(latency.getMinValue(), now - 4_000_000L)).isTrue();
    assertThat(latency.valuesAreEquivalent(latency.getMaxValue(), now - 4_000_000L)).isTrue();
    assertThat(metrics.snapshot().acked()).isEqualTo(2);
  }

  @Test
  void should_keep_two_identical_trades_in_one_frame_as_two_messages_with_distinct_identity() {
    String trade = "{\"s\":\"SPY\",\"p\":167.41,\"t\":1723161600000,\"v\":100,\"c\":[\"1\"]}";
    publish(3, 1L, "{\"type\":\"trade\",\"data\":[" + trade + "," + trade + "]}");

    List<ProducerRecord<byte[], byte[]>> trades = sentTo("trades");
    assertThat(trades).hasSize(2);
    Trade a = TestSessions.decode(trades.get(0).value());
    Trade b = TestSessions.decode(trades.get(1).value());
    assertThat(TestSessions.tick(a)).isEqualTo(TestSessions.tick(b));
    // Identity = (ingest id, frame seq, position in the frame): frame 3, positions 0 and 1.
    assertThat(List.of(a.getIngestId(), a.getFrameSeq(), a.getIndexInFrame()))
        .containsExactly(INGEST_ID, 3L, 0);
    assertThat(List.of(b.getIngestId(), b.getFrameSeq(), b.getIndexInFrame()))
        .containsExactly(INGEST_ID, 3L, 1);
  }

  @Test
  void should_send_a_malformed_frame_to_the_dead_letter_topic_with_its_reason_and_keep_going() {
    publish(0, 1L, "{not json");
    publish(
        1,
        2L,
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1.5,\"t\":1723161600000,\"v\":3}]}");

    List<ProducerRecord<byte[], byte[]>> dead = sentTo("trades.dlq");
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).key()).isNull();
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    FinnhubMessage.Malformed parsed = (FinnhubMessage.Malformed) FinnhubCodec.parse("{not json");
    assertThat(header(dead.get(0), "reason")).isEqualTo("malformed: " + parsed.reason());
    assertThat(header(dead.get(0), "ingest_id")).isEqualTo(INGEST_ID);
    assertThat(header(dead.get(0), "frame_seq")).isEqualTo("0");
    assertThat(header(dead.get(0), "index_in_frame")).isEqualTo("-1");
    assertThat(sentTo("trades")).hasSize(1);
    assertThat(metrics.snapshot().deadLettersByReason()).containsEntry("malformed", 1L);
  }

  @Test
  void should_dead_letter_a_rejected_trade_and_still_send_the_good_ones_with_their_positions() {
    String frame =
        "{\"type\":\"trade\",\"data\":["
            + "{\"s\":\"AAPL\",\"p\":1.5,\"t\":1723161600000,\"v\":3},"
            + "{\"s\":\"AAPL\",\"t\":1723161600001,\"v\":3},"
            + "{\"s\":\"MSFT\",\"p\":2.5,\"t\":1723161600002,\"v\":4}]}";
    publish(9, 1L, frame);

    List<ProducerRecord<byte[], byte[]>> trades = sentTo("trades");
    assertThat(trades).hasSize(2);
    assertThat(TestSessions.decode(trades.get(0).value()).getIndexInFrame()).isEqualTo(0);
    Trade msft = TestSessions.decode(trades.get(1).value());
    assertThat(msft.getSymbol()).isEqualTo("MSFT");
    assertThat(msft.getIndexInFrame()).isEqualTo(2);
    List<ProducerRecord<byte[], byte[]>> dead = sentTo("trades.dlq");
    assertThat(dead).hasSize(1);
    List<Rejected> rejected = ((FinnhubMessage.Trades) FinnhubCodec.parse(frame)).rejected();
    assertThat(rejected).extracting(Rejected::index).containsExactly(1);
    assertThat(rejected.get(0).reason()).startsWith("p");
    assertThat(header(dead.get(0), "reason")).isEqualTo("rejected: " + rejected.get(0).reason());
    assertThat(header(dead.get(0), "index_in_frame")).isEqualTo("1");
    assertThat(header(dead.get(0), "frame_seq")).isEqualTo("9");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(frame);
  }

  @Test
  void should_count_pings_and_errors_without_sending_and_dead_letter_unknown_types() {
    publish(0, 1L, "{\"type\":\"ping\"}");
    publish(1, 1L, "{\"msg\":\"Invalid symbol XYZ\",\"type\":\"error\"}");
    publish(2, 1L, "{\"type\":\"news\",\"data\":[]}");

    assertThat(sentTo("trades")).isEmpty();
    List<ProducerRecord<byte[], byte[]>> dead = sentTo("trades.dlq");
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), "reason")).isEqualTo("unknown-type: type 'news' is not handled");
    assertThat(header(dead.get(0), "frame_seq")).isEqualTo("2");
    IngestMetrics.Snapshot snapshot = metrics.snapshot();
    assertThat(snapshot.frames()).isEqualTo(3);
    assertThat(snapshot.pings()).isEqualTo(1);
    assertThat(snapshot.serverErrors()).isEqualTo(1);
  }

  @Test
  void should_count_price_updates_with_zero_volume_and_still_send_them() {
    publish(
        0,
        1L,
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1.5,\"t\":1723161600000,\"v\":0}]}");

    assertThat(sentTo("trades")).hasSize(1);
    assertThat(metrics.snapshot().priceUpdates()).isEqualTo(1);
    assertThat(metrics.snapshot().trades()).isEqualTo(1);
  }

  @Test
  void should_count_and_not_hide_a_failed_send() {
    MockProducer<byte[], byte[]> manual =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    IngestMetrics counted = new IngestMetrics();
    TradeProducer failing =
        new TradeProducer(manual, TradeProducerConfig.defaults("unused:9092"), counted, () -> 0L);
    String text =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1.5,\"t\":1723161600000,\"v\":2}]}";
    failing.publish(new ReceivedFrame(0, 0, text), FinnhubCodec.parse(text));

    assertThat(manual.errorNext(new org.apache.kafka.common.errors.TimeoutException("boom")))
        .isTrue();
    assertThat(counted.snapshot().sendFailures()).isEqualTo(1);
    assertThat(counted.snapshot().acked()).isZero();
  }

  @Test
  void should_configure_an_idempotent_fully_acknowledged_lz4_producer() {
    Properties props = TradeProducer.kafkaProperties(TradeProducerConfig.defaults("h:1"));
    assertThat(props)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "h:1")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
  }

  @Test
  void should_flush_buffered_records_on_close() {
    MockProducer<byte[], byte[]> manual =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    TradeProducer closing =
        new TradeProducer(
            manual, TradeProducerConfig.defaults("x:1"), new IngestMetrics(), () -> 0L);
    String text =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1.5,\"t\":1723161600000,\"v\":2}]}";
    closing.publish(new ReceivedFrame(0, 0, text), FinnhubCodec.parse(text));

    closing.close();

    assertThat(manual.flushed()).isTrue();
    assertThat(manual.closed()).isTrue();
  }
}
