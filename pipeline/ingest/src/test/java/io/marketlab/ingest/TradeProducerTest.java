package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.avro.Trade;
import io.marketlab.ingest.journal.JournalEntry;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class TradeProducerTest {

  private static final String INGEST_ID = "ing-test-0001";

  private final TradeProducer producer =
      new TradeProducer(new TradeProducerConfig("unused:9092", null, null, 1, null), INGEST_ID);

  private FrameRecords records(long seq, long receivedAt, String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    return producer.records(new JournalEntry(seq, receivedAt, bytes, text, false));
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String trade(String symbol, String price) {
    return "{\"s\":\"" + symbol + "\",\"p\":" + price + ",\"t\":1723161600000,\"v\":3}";
  }

  @Test
  void should_check_trade_times_against_the_receipt_the_client_checked_not_the_send_time() {
    // a replayed 2024 frame: checked against its recorded receipt (2024-08-09T00:00:00Z), a trade
    // a day later is future-dated, however late (in wall-clock time) the sender sends it
    long recordedReceipt = 1723161600000L;
    String frame =
        "{\"type\":\"trade\",\"data\":["
            + "{\"s\":\"AAPL\",\"p\":1,\"t\":"
            + (recordedReceipt + 86_400_000L)
            + ",\"v\":1},{\"s\":\"AAPL\",\"p\":1,\"t\":"
            + (recordedReceipt + 3_000L)
            + ",\"v\":1}]}";
    int bytes = frame.getBytes(StandardCharsets.UTF_8).length;

    FrameRecords out =
        producer.records(new JournalEntry(3, 9_000_000L, bytes, frame, false, recordedReceipt));

    assertThat(out.tradeIndexes()).containsExactly(1);
    assertThat(header(out.deadLetter(), "reason")).contains("future-dated");
  }

  @Test
  void should_make_one_avro_trade_per_trade_keyed_by_symbol_with_identity_and_receipt_time() {
    String frame =
        "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":261.74,\"t\":1723161600123,\"v\":100,"
            + "\"c\":[\"1\",\"12\"]},{\"s\":\"BINANCE:BTCUSDT\",\"p\":61837.63,\"t\":1723161600124,"
            + "\"v\":0.02,\"c\":null}]}";
    FrameRecords out = records(7, 4_000_000L, frame);

    assertThat(out.deadLetter()).isNull();
    assertThat(out.trades()).hasSize(2);
    assertThat(out.tradeIndexes()).containsExactly(0, 1);
    ProducerRecord<byte[], byte[]> first = out.trades().get(0);
    assertThat(first.topic()).isEqualTo("trades");
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("AAPL");
    Trade aapl = TestSessions.decode(first.value());
    assertThat(aapl.getSymbol()).isEqualTo("AAPL");
    assertThat(aapl.getPrice()).isEqualTo(261.74);
    assertThat(aapl.getVolume()).isEqualTo(100.0);
    assertThat(aapl.getTradeTsMs()).isEqualTo(1723161600123L);
    assertThat(aapl.getConditions()).containsExactly("1", "12");
    assertThat(aapl.getReceivedAtUs()).isEqualTo(4_000_000L);
    assertThat(aapl.getIngestId()).isEqualTo(INGEST_ID);
    assertThat(aapl.getFrameSeq()).isEqualTo(7L);
    assertThat(aapl.getIndexInFrame()).isEqualTo(0);
    Trade btc = TestSessions.decode(out.trades().get(1).value());
    assertThat(new String(out.trades().get(1).key(), StandardCharsets.UTF_8))
        .isEqualTo("BINANCE:BTCUSDT");
    assertThat(btc.getPrice()).isEqualTo(61837.63);
    assertThat(btc.getConditions()).isEmpty();
    assertThat(btc.getIndexInFrame()).isEqualTo(1);
  }

  @Test
  void should_give_the_same_records_for_the_same_entry_so_a_resend_keeps_its_identities() {
    String frame = "{\"type\":\"trade\",\"data\":[" + trade("SPY", "167.41") + "]}";
    FrameRecords once = records(3, 1L, frame);
    FrameRecords again = records(3, 1L, frame);

    assertThat(again.trades().get(0).value()).isEqualTo(once.trades().get(0).value());
    assertThat(again.trades().get(0).key()).isEqualTo(once.trades().get(0).key());
  }

  @Test
  void should_keep_two_identical_trades_in_one_frame_as_two_messages_with_distinct_identity() {
    String one = trade("SPY", "167.41");
    FrameRecords out = records(3, 1L, "{\"type\":\"trade\",\"data\":[" + one + "," + one + "]}");

    Trade a = TestSessions.decode(out.trades().get(0).value());
    Trade b = TestSessions.decode(out.trades().get(1).value());
    assertThat(TestSessions.tick(a)).isEqualTo(TestSessions.tick(b));
    assertThat(List.of(a.getIngestId(), a.getFrameSeq(), a.getIndexInFrame()))
        .containsExactly(INGEST_ID, 3L, 0);
    assertThat(List.of(b.getIngestId(), b.getFrameSeq(), b.getIndexInFrame()))
        .containsExactly(INGEST_ID, 3L, 1);
  }

  @Test
  void should_dead_letter_a_malformed_frame_whole_with_its_reason() {
    FrameRecords out = records(0, 1L, "{not json");

    ProducerRecord<byte[], byte[]> dead = out.deadLetter();
    assertThat(out.trades()).isEmpty();
    assertThat(dead.topic()).isEqualTo("trades.dlq");
    assertThat(dead.key()).isNull();
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    FinnhubMessage.Malformed parsed = (FinnhubMessage.Malformed) FinnhubCodec.parse("{not json");
    assertThat(header(dead, "reason")).isEqualTo("malformed: " + parsed.reason());
    assertThat(header(dead, "ingest_id")).isEqualTo(INGEST_ID);
    assertThat(header(dead, "frame_seq")).isEqualTo("0");
    assertThat(header(dead, "index_in_frame")).isEqualTo("-1");
    assertThat(header(dead, "rejected_indexes")).isNull();
    assertThat(out.deadLetterCategory()).isEqualTo("malformed");
  }

  @Test
  void should_write_one_dead_letter_per_frame_naming_every_rejected_trade_and_keep_the_good_ones() {
    String frame =
        "{\"type\":\"trade\",\"data\":["
            + trade("AAPL", "1.5")
            + ",{\"s\":\"AAPL\",\"t\":1723161600001,\"v\":3},"
            + trade("MSFT", "2.5")
            + ","
            + trade("MSFT", "-4")
            + "]}";
    FrameRecords out = records(9, 1L, frame);

    assertThat(out.tradeIndexes()).containsExactly(0, 2);
    assertThat(TestSessions.decode(out.trades().get(1).value()).getSymbol()).isEqualTo("MSFT");
    List<Rejected> rejected = ((FinnhubMessage.Trades) FinnhubCodec.parse(frame)).rejected();
    assertThat(rejected).extracting(Rejected::index).containsExactly(1, 3);
    ProducerRecord<byte[], byte[]> dead = out.deadLetter();
    assertThat(header(dead, "reason"))
        .isEqualTo(
            "rejected: [1] " + rejected.get(0).reason() + "; [3] " + rejected.get(1).reason());
    assertThat(header(dead, "rejected_indexes")).isEqualTo("1,3");
    assertThat(header(dead, "rejected_count")).isEqualTo("2");
    assertThat(header(dead, "index_in_frame")).isEqualTo("1");
    assertThat(header(dead, "frame_seq")).isEqualTo("9");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(frame);
    assertThat(out.rejectedTrades()).isEqualTo(2);
  }

  @Test
  void should_cap_the_reason_of_a_frame_full_of_bad_trades_and_keep_the_dead_letter_small() {
    int bad = 300_000;
    StringBuilder frame = new StringBuilder("{\"type\":\"trade\",\"data\":[");
    for (int i = 0; i < bad; i++) {
      frame.append(i == 0 ? "" : ",").append("{}");
    }
    String text = frame.append("]}").toString();
    FrameRecords out = records(1, 1L, text);

    ProducerRecord<byte[], byte[]> dead = out.deadLetter();
    String reason = header(dead, "reason");
    assertThat(reason.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TradeProducer.MAX_REASON_BYTES);
    int listed = reason.split("; \\[").length;
    assertThat(reason)
        .startsWith("rejected: [0] ")
        .endsWith("; ... and " + (bad - listed) + " more");
    String indexes = header(dead, "rejected_indexes");
    assertThat(indexes.length()).isLessThanOrEqualTo(TradeProducer.MAX_INDEXES_BYTES);
    String[] items = indexes.split(",");
    int shown = items.length - 1;
    assertThat(items[shown]).isEqualTo("... and " + (bad - shown) + " more");
    assertThat(items[shown - 1]).isEqualTo(Integer.toString(shown - 1));
    assertThat(header(dead, "rejected_count")).isEqualTo(Integer.toString(bad));
    long size = dead.value().length;
    for (Header header : dead.headers()) {
      size += header.key().length() + header.value().length;
    }
    assertThat(size).isLessThan(1L << 20);
    // the frame (600 KiB of ASCII) is kept as its head, with its whole size in a header
    assertThat(dead.value().length).isEqualTo(TradeProducer.MAX_DEAD_LETTER_BYTES);
    assertThat(header(dead, "truncated_from_bytes")).isEqualTo(Integer.toString(text.length()));
  }

  @Test
  void should_dead_letter_the_head_of_a_frame_the_journal_cut() {
    String head = "{\"type\":\"trade\",\"data\":[" + "x".repeat(100);
    FrameRecords out = producer.records(new JournalEntry(4, 1L, 5_000_000, head, true));

    ProducerRecord<byte[], byte[]> dead = out.deadLetter();
    assertThat(header(dead, "reason")).startsWith("malformed: frame too large: 5000000 bytes");
    assertThat(header(dead, "truncated_from_bytes")).isEqualTo("5000000");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(head);
  }

  @Test
  void should_make_no_record_of_pings_and_errors_and_dead_letter_unknown_types() {
    assertThat(records(0, 1L, "{\"type\":\"ping\"}").deadLetter()).isNull();
    assertThat(records(1, 1L, "{\"msg\":\"Invalid symbol XYZ\",\"type\":\"error\"}").trades())
        .isEmpty();
    ProducerRecord<byte[], byte[]> dead =
        records(2, 1L, "{\"type\":\"news\",\"data\":[]}").deadLetter();
    assertThat(header(dead, "reason")).isEqualTo("unknown-type: type 'news' is not handled");
    assertThat(header(dead, "frame_seq")).isEqualTo("2");
  }

  @Test
  void should_configure_an_idempotent_fully_acknowledged_lz4_producer_named_by_the_ingest_id() {
    Properties props =
        TradeProducer.kafkaProperties(TradeProducerConfig.defaults("h:1"), INGEST_ID);
    assertThat(props)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "h:1")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, INGEST_ID);
  }
}
