package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.avro.Trade;
import io.marketlab.ingest.journal.Journal;
import io.marketlab.ingest.journal.JournalConfig;
import io.marketlab.ingest.journal.JournalEntry;
import io.marketlab.ingest.journal.JournalPosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender against Kafka's test clients: a MockProducer whose sends fail (a delivery timeout),
 * and MockConsumers that hold what "Kafka" already has, read back before a resend.
 */
class JournalSenderTest {

  private static final TradeProducerConfig TOPICS =
      new TradeProducerConfig("unused:9092", null, null, 1, null);
  private static final TopicPartition TRADES = new TopicPartition("trades", 0);
  private static final TopicPartition DLQ = new TopicPartition("trades.dlq", 0);
  private static final TopicPartition GAPS = new TopicPartition("trades.gaps", 0);

  @TempDir Path dir;

  private final IngestMetrics metrics = new IngestMetrics();

  private static String tradeFrame(int n) {
    return "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":1.5,\"t\":"
        + (1723161600000L + n)
        + ",\"v\":1},{\"s\":\"AAPL\",\"p\":2.5,\"t\":"
        + (1723161600000L + n)
        + ",\"v\":2}]}";
  }

  private Journal journal(String newId) {
    return Journal.open(JournalConfig.at(dir).withFsyncInterval(Duration.ZERO), newId);
  }

  private JournalSender sender(
      Journal journal,
      List<MockProducer<byte[], byte[]>> producers,
      List<ConsumerRecord<byte[], byte[]>> kafkaHolds) {
    Iterator<MockProducer<byte[], byte[]>> next = producers.iterator();
    Supplier<Producer<byte[], byte[]>> supplier = next::next;
    return new JournalSender(
        journal,
        new TradeProducer(TOPICS, journal.ingestId()),
        supplier,
        holding(kafkaHolds),
        metrics,
        MicrosClock.system(),
        MockKafka.fastRetries());
  }

  /** A consumer per read-back, holding the records Kafka has at that moment (offsets from 0). */
  private static Supplier<Consumer<byte[], byte[]>> holding(
      List<ConsumerRecord<byte[], byte[]>> kafka) {
    return () -> {
      List<ConsumerRecord<byte[], byte[]>> now = List.copyOf(kafka);
      MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
      consumer.updatePartitions(
          "trades", List.of(new PartitionInfo("trades", 0, null, null, null)));
      consumer.updatePartitions(
          "trades.dlq", List.of(new PartitionInfo("trades.dlq", 0, null, null, null)));
      consumer.updatePartitions(
          "trades.gaps", List.of(new PartitionInfo("trades.gaps", 0, null, null, null)));
      Map<TopicPartition, Long> ends = new HashMap<>(Map.of(TRADES, 0L, DLQ, 0L, GAPS, 0L));
      for (ConsumerRecord<byte[], byte[]> record : now) {
        ends.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
      }
      consumer.updateBeginningOffsets(Map.of(TRADES, 0L, DLQ, 0L, GAPS, 0L));
      consumer.updateEndOffsets(ends);
      consumer.schedulePollTask(
          () -> {
            for (ConsumerRecord<byte[], byte[]> record : now) {
              if (consumer
                  .assignment()
                  .contains(new TopicPartition(record.topic(), record.partition()))) {
                consumer.addRecord(record);
              }
            }
          });
      return consumer;
    };
  }

  /** {@code record} as Kafka stores it at {@code offset} of partition 0. */
  private static ConsumerRecord<byte[], byte[]> stored(
      ProducerRecord<byte[], byte[]> record, long offset) {
    return new ConsumerRecord<>(
        record.topic(),
        0,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        record.key(),
        record.value(),
        new RecordHeaders(record.headers().toArray()),
        Optional.empty());
  }

  /** {@code 3/1} for trade 1 of frame 3, {@code 4/dlq} for frame 4's dead letter. */
  private static String identity(ProducerRecord<byte[], byte[]> record, String ingestId) {
    if (record.topic().equals("trades.dlq")) {
      assertThat(header(record, "ingest_id")).isEqualTo(ingestId);
      return header(record, "frame_seq") + "/dlq";
    }
    if (record.topic().equals("trades.gaps")) {
      assertThat(header(record, "ingest_id")).isEqualTo(ingestId);
      return header(record, "journal_seq") + "/gap";
    }
    Trade trade = TestSessions.decode(record.value());
    assertThat(trade.getIngestId()).isEqualTo(ingestId);
    return trade.getFrameSeq() + "/" + trade.getIndexInFrame();
  }

  private static List<String> identities(
      List<ProducerRecord<byte[], byte[]>> records, String ingestId) {
    List<String> out = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      out.add(identity(record, ingestId));
    }
    return out;
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Test
  void should_resend_from_the_journal_what_a_failed_send_lost_and_nothing_kafka_already_holds()
      throws Exception {
    MockProducer<byte[], byte[]> failing = producer(false);
    MockProducer<byte[], byte[]> healthy = producer(true);
    List<ConsumerRecord<byte[], byte[]>> kafka = new ArrayList<>();
    try (Journal journal = journal("ing-x")) {
      for (int n = 0; n < 4; n++) {
        journal.append(n, tradeFrame(n));
      }
      journal.append(4, "{not json");
      JournalSender sender = sender(journal, List.of(failing, healthy), kafka);
      sender.start();
      // 4 frames x 2 trades, then one dead letter, in frame order
      await().atMost(Duration.ofSeconds(10)).until(() -> failing.history().size() == 9);
      List<ProducerRecord<byte[], byte[]>> first = failing.history();
      assertThat(identities(first, "ing-x"))
          .containsExactly("0/0", "0/1", "1/0", "1/1", "2/0", "2/1", "3/0", "3/1", "4/dlq");

      // The broker wrote frame 0 (acknowledged) and the first trade of frame 2 (whose batch the
      // producer then timed out), then went away: everything else fails.
      kafka.add(stored(first.get(0), 0));
      kafka.add(stored(first.get(1), 1));
      kafka.add(stored(first.get(4), 2));
      assertThat(failing.completeNext()).isTrue();
      assertThat(failing.completeNext()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> sender.ackedSeq() == 0);
      while (failing.errorNext(new TimeoutException("Expiring 7 record(s): 120000 ms"))) {
        // every outstanding record times out, as after delivery.timeout.ms
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> sender.depth() == 0);
      sender.close(Duration.ofSeconds(5));

      assertThat(failing.closed()).isTrue();
      // Resent: exactly what Kafka did not hold, with the same identities.
      assertThat(identities(healthy.history(), "ing-x"))
          .containsExactly("1/0", "1/1", "2/1", "3/0", "3/1", "4/dlq");
      IngestMetrics.Snapshot figures = metrics.snapshot();
      assertThat(figures.acked()).isEqualTo(8);
      assertThat(figures.deadLettersByReason()).isEqualTo(Map.of("malformed", 1L));
      assertThat(figures.sendFailures()).isEqualTo(7);
      // one failed generation, one go back to the journal (the later failures of that generation
      // are its own, ignored once the next one began)
      assertThat(figures.sendRetries()).isEqualTo(1);
    }
    try (Journal reopened = journal("ing-y")) {
      assertThat(reopened.openedAt().ackedSeq()).isEqualTo(4);
      // past the last acknowledged record (MockProducer numbers its own 5 trades from offset 0;
      // the read-back ended at 3)
      assertThat(reopened.openedAt().scanFrom()).containsEntry(TRADES, 5L).containsEntry(DLQ, 1L);
    }
  }

  @Test
  void should_resend_after_a_restart_only_what_kafka_does_not_hold_with_the_same_identities()
      throws Exception {
    TradeProducer earlierRun = new TradeProducer(TOPICS, "ing-first");
    TradeProducer otherIngest = new TradeProducer(TOPICS, "ing-other");
    List<ConsumerRecord<byte[], byte[]>> kafka = new ArrayList<>();
    try (Journal crashed = journal("ing-first")) {
      for (int n = 0; n < 4; n++) {
        crashed.append(n, tradeFrame(n));
      }
      crashed.append(4, "{not json");
      crashed.append(5, tradeFrame(5));
      // What the run wrote before kill -9: frames 0 and 1 acknowledged and recorded; frame 2,
      // the second trade of frame 3 (the batch with the first expired) and frame 4's dead
      // letter reached Kafka without their acknowledgement being recorded. Another ingest wrote
      // into the same partition meanwhile.
      List<ProducerRecord<byte[], byte[]>> trades = new ArrayList<>();
      for (int n = 0; n < 4; n++) {
        trades.addAll(earlierRun.records(entry(n, tradeFrame(n))).trades());
      }
      for (int i = 0; i < 4; i++) {
        kafka.add(stored(trades.get(i), i));
      }
      kafka.add(stored(otherIngest.records(entry(2, tradeFrame(2))).trades().get(0), 4));
      kafka.add(stored(trades.get(4), 5));
      kafka.add(stored(trades.get(5), 6));
      kafka.add(stored(trades.get(7), 7));
      kafka.add(stored(earlierRun.records(entry(4, "{not json")).deadLetter(), 0));
      crashed.acknowledge(new JournalPosition(1, Map.of(TRADES, 4L, DLQ, 0L)));
    }

    MockProducer<byte[], byte[]> healthy = producer(true);
    try (Journal journal = journal("ing-second")) {
      assertThat(journal.ingestId()).isEqualTo("ing-first");
      JournalSender sender = sender(journal, List.of(healthy), kafka);
      sender.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> sender.ackedSeq() == 5);
      // a frame received after the restart continues the journal's numbering
      assertThat(journal.append(6, tradeFrame(6))).isEqualTo(6);
      await().atMost(Duration.ofSeconds(10)).until(() -> sender.depth() == 0);
      sender.close(Duration.ofSeconds(5));

      assertThat(identities(healthy.history(), "ing-first"))
          .containsExactly("3/0", "5/0", "5/1", "6/0", "6/1");
      // the trades of frames 2..6 are all in Kafka now, each once; frame 4's letter too
      assertThat(metrics.snapshot().acked()).isEqualTo(2 + 2 + 2 + 2);
      assertThat(metrics.snapshot().deadLettersByReason()).isEqualTo(Map.of("malformed", 1L));
    }
  }

  @Test
  void should_keep_frames_in_the_journal_while_kafka_is_away_and_send_them_when_it_is_back()
      throws Exception {
    // Kafka away: the read-back before sending fails until it answers again.
    List<ConsumerRecord<byte[], byte[]>> kafka = new ArrayList<>();
    Supplier<Consumer<byte[], byte[]>> answering = holding(kafka);
    int[] refusals = {3};
    MockProducer<byte[], byte[]> healthy = producer(true);
    try (Journal journal = journal("ing-z")) {
      JournalSender sender =
          new JournalSender(
              journal,
              new TradeProducer(TOPICS, journal.ingestId()),
              () -> healthy,
              () -> {
                if (refusals[0]-- > 0) {
                  throw new TimeoutException("Timeout expired while fetching topic metadata");
                }
                return answering.get();
              },
              metrics,
              MicrosClock.system(),
              MockKafka.fastRetries());
      sender.start();
      for (int n = 0; n < 3; n++) {
        journal.append(n, tradeFrame(n));
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> sender.depth() == 0);
      sender.close(Duration.ofSeconds(5));

      assertThat(identities(healthy.history(), "ing-z"))
          .containsExactly("0/0", "0/1", "1/0", "1/1", "2/0", "2/1");
      assertThat(metrics.snapshot().sendRetries()).isEqualTo(3);
    }
  }

  private static FeedGap gap(String symbol, long toTradeMs) {
    return new FeedGap(
        symbol, "ingest-start: first trade", "ing-g", null, toTradeMs, 1_000, 2_000 + toTradeMs);
  }

  @Test
  void should_send_gaps_in_journal_order_and_after_a_restart_only_those_kafka_does_not_hold()
      throws Exception {
    FeedGap aapl = gap("AAPL", 1723161600000L);
    FeedGap msft = gap("MSFT", 1723161600005L);
    List<ConsumerRecord<byte[], byte[]>> kafka = new ArrayList<>();
    try (Journal crashed = journal("ing-g")) {
      crashed.appendGap(1, GapRecords.journalText(aapl));
      crashed.append(2, tradeFrame(0));
      crashed.appendGap(3, GapRecords.journalText(msft));
      crashed.append(4, tradeFrame(5));
      // Before kill -9 the run wrote the first gap and frame 1 without recording an ack.
      TradeProducer earlier = new TradeProducer(TOPICS, "ing-g");
      JournalEntry firstGap =
          new JournalEntry(0, 1, 0, GapRecords.journalText(aapl), false, -1, JournalEntry.Kind.GAP);
      kafka.add(stored(GapRecords.record("trades.gaps", "ing-g", firstGap), 0));
      List<ProducerRecord<byte[], byte[]>> trades =
          earlier.records(entry(1, tradeFrame(0))).trades();
      kafka.add(stored(trades.get(0), 0));
      kafka.add(stored(trades.get(1), 1));
    }

    MockProducer<byte[], byte[]> healthy = producer(true);
    try (Journal journal = journal("ing-other")) {
      JournalSender sender = sender(journal, List.of(healthy), kafka);
      sender.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> sender.depth() == 0);
      sender.close(Duration.ofSeconds(5));

      assertThat(identities(healthy.history(), "ing-g")).containsExactly("2/gap", "3/0", "3/1");
      ProducerRecord<byte[], byte[]> resent = healthy.history().get(0);
      assertThat(resent.key()).isEqualTo("MSFT".getBytes(StandardCharsets.UTF_8));
      assertThat(resent.value()).isEqualTo(GapRecords.encode(msft));
      assertThat(metrics.gapsAcked()).isEqualTo(2);
    }
  }

  private static JournalEntry entry(long seq, String text) {
    return new JournalEntry(seq, seq, text.getBytes(StandardCharsets.UTF_8).length, text, false);
  }
}
