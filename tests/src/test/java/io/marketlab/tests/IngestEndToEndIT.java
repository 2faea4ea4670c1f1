package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.avro.Trade;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.FaultTarget;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import io.marketlab.testinfra.LabEngines;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay server → ingest (the same websocket client live data uses) → real Kafka: the topic holds
 * exactly the session's trades, none missing, none doubled, checked with our consumer, with kcat
 * and with {@code lab consume}; bad input lands in the dead-letter topic, counted exactly.
 */
@LabEngines
class IngestEndToEndIT {

  @TempDir Path dir;

  @Test
  void replayed_binance_captures_should_reach_kafka_exactly(EngineSet engines) {
    Path session = SharedData.binanceSession(engines.settings().projectRoot(), dir);
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    String topic = "it-trades-" + UUID.randomUUID();

    long acked = replay(engines, session, topic, reference.trades().size());
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTrades.readAll(
            engines.kafka().getBootstrapServers(),
            topic,
            reference.trades().size(),
            Duration.ofMinutes(2));

    assertThat(reference.trades()).hasSize(34_419);
    assertThat(acked).isEqualTo(34_419);
    assertSameTrades(records, reference);

    Processes.Result kcat =
        Processes.run(
            List.of(
                "kcat",
                "-b",
                engines.kafka().getBootstrapServers(),
                "-C",
                "-t",
                topic,
                "-o",
                "beginning",
                "-e",
                "-q",
                "-f",
                "%k\\n"),
            Map.of(),
            null,
            120);
    assertThat(kcat.exitCode()).isZero();
    Map<String, Long> keys = new HashMap<>();
    kcat.output().lines().forEach(key -> keys.merge(key, 1L, Long::sum));
    assertThat(keys).isEqualTo(reference.tradesPerSymbol());

    Processes.Result consume =
        Processes.lab(
            engines.settings().projectRoot(),
            Map.of(),
            "consume",
            "--bootstrap",
            engines.kafka().getBootstrapServers(),
            "--topic",
            topic,
            "--from-beginning",
            "--symbol",
            "BINANCE:ETHUSDT",
            "--count",
            "5");
    assertThat(consume.exitCode()).as(consume.output()).isZero();
    // Kafka keeps one symbol's trades in order (key = symbol): the first five ETH trades, each
    // printed as symbol, price, volume, trade time, conditions, identity.
    List<ReferenceTrade> firstEth =
        reference.trades().stream()
            .filter(t -> t.symbol().equals("BINANCE:ETHUSDT"))
            .limit(5)
            .toList();
    List<String> printed =
        consume.output().lines().filter(line -> line.startsWith("BINANCE:ETHUSDT ")).toList();
    assertThat(printed).hasSize(5);
    Set<String> printedIds = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String[] fields = printed.get(i).trim().split("\\s+");
      ReferenceTrade expected = firstEth.get(i);
      assertThat(fields).as(printed.get(i)).hasSize(6);
      assertThat(fields[0]).isEqualTo(expected.symbol());
      assertThat(new BigDecimal(fields[1]))
          .isEqualByComparingTo(BigDecimal.valueOf(expected.price()));
      assertThat(new BigDecimal(fields[2]))
          .isEqualByComparingTo(BigDecimal.valueOf(expected.volume()));
      assertThat(fields[3]).isEqualTo(Instant.ofEpochMilli(expected.timeMs()).toString());
      assertThat(fields[4]).isEqualTo(expected.conditions().toString());
      assertThat(fields[5]).matches("[^/]+/[0-9]+/[0-9]+");
      printedIds.add(fields[5]);
    }
    assertThat(printedIds).hasSize(5);
  }

  @Test
  void malformed_input_should_go_to_the_dead_letter_topic_and_every_good_trade_to_kafka(
      EngineSet engines) {
    Path session = dir.resolve("synthetic.session.gz");
    SyntheticSession.Summary summary =
        SyntheticSession.write(
            new SyntheticSession.Spec(
                11,
                List.of("SYN:ALPHA", "SYN:BETA"),
                java.time.Instant.parse("2024-01-02T14:30:00Z"),
                40,
                30,
                true,
                true,
                120_000),
            session);
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    String topic = "it-trades-" + UUID.randomUUID();

    replay(engines, session, topic, reference.trades().size());
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTrades.readAll(
            engines.kafka().getBootstrapServers(),
            topic,
            reference.trades().size(),
            Duration.ofMinutes(1));
    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        KafkaTrades.readAll(
            engines.kafka().getBootstrapServers(),
            topic + ".dlq",
            (int) reference.deadLetters(),
            Duration.ofMinutes(1));

    assertThat(reference.deadLetters()).isPositive();
    assertSameTrades(records, reference);
    assertThat(deadLetters).hasSize((int) reference.deadLetters());

    // Each dead letter says why, by category: the reference's counts, and the generator's.
    Map<String, Long> byCategory = new HashMap<>();
    long rejectedTrades = 0;
    for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
      String reason = header(record, "reason");
      int colon = reason.indexOf(": ");
      assertThat(colon).as("reason '%s' is 'category: detail'", reason).isPositive();
      assertThat(reason.substring(colon + 2)).as(reason).isNotBlank();
      byCategory.merge(reason.substring(0, colon), 1L, Long::sum);
      long index = Long.parseLong(header(record, "index_in_frame"));
      if (reason.startsWith("rejected: ")) {
        // one letter per frame: its first rejected trade, and all of them in rejected_indexes
        assertThat(index).as("a rejected trade names its position").isNotNegative();
        long count = Long.parseLong(header(record, "rejected_count"));
        assertThat(header(record, "rejected_indexes")).startsWith(Long.toString(index));
        rejectedTrades += count;
      } else {
        assertThat(index).as("a whole frame has no position").isEqualTo(-1);
      }
      if (reason.startsWith("unknown-type: ")) {
        // The generator's only unknown frame type.
        assertThat(reason).isEqualTo("unknown-type: type 'news' is not handled");
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
            .isEqualTo("{\"type\":\"news\",\"data\":[]}");
      }
    }
    Map<String, Long> expectedCategories = new HashMap<>();
    expectedCategories.put("malformed", reference.malformedFrames());
    expectedCategories.put("unknown-type", reference.unknownFrames());
    expectedCategories.put("rejected", reference.rejectedFrames());
    expectedCategories.values().removeIf(count -> count == 0);
    assertThat(byCategory).isEqualTo(expectedCategories);
    assertThat(rejectedTrades).isEqualTo(reference.rejectedTrades());
    assertThat(reference.unknownFrames())
        .isEqualTo((long) summary.casesWritten().getOrDefault("unknown-type", 0));
    assertThat(reference.rejectedTrades()).isEqualTo(summary.rejectedTrades());
    assertThat(reference.malformedFrames() + reference.unknownFrames())
        .isEqualTo(summary.malformedFrames());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    assertThat(record.headers().lastHeader(key)).as("header %s", key).isNotNull();
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void two_ingest_runs_into_one_topic_should_keep_every_trade_of_both_with_unique_identities(
      EngineSet engines) {
    Path session = dir.resolve("twice.session.gz");
    SyntheticSession.write(
        new SyntheticSession.Spec(
            12,
            List.of("SYN:ALPHA", "SYN:BETA"),
            java.time.Instant.parse("2024-01-02T14:30:00Z"),
            20,
            30,
            true,
            false,
            120_000),
        session);
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    String topic = "it-trades-" + UUID.randomUUID();
    int perRun = reference.trades().size();

    replay(engines, session, topic, perRun);
    replay(engines, session, topic, perRun);
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTrades.readAll(
            engines.kafka().getBootstrapServers(), topic, 2 * perRun, Duration.ofMinutes(1));

    // The same session twice: equal values, and still 2 x N distinct trades, N per ingest id.
    assertThat(records).hasSize(2 * perRun);
    Set<String> identities = new HashSet<>();
    Map<String, Long> perIngest = new HashMap<>();
    Map<String, List<String>> actual = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Trade trade = KafkaTrades.decode(record.value());
      identities.add(
          trade.getIngestId() + "/" + trade.getFrameSeq() + "/" + trade.getIndexInFrame());
      perIngest.merge(trade.getIngestId(), 1L, Long::sum);
      actual
          .computeIfAbsent(trade.getSymbol(), k -> new ArrayList<>())
          .add(
              describe(
                  trade.getSymbol(),
                  trade.getPrice(),
                  trade.getVolume(),
                  trade.getTradeTsMs(),
                  trade.getConditions()));
    }
    assertThat(identities).hasSize(2 * perRun);
    assertThat(perIngest)
        .hasSize(2)
        .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo((long) perRun));
    Map<String, List<String>> expected = new HashMap<>();
    for (int run = 0; run < 2; run++) {
      for (ReferenceTrade trade : reference.trades()) {
        expected
            .computeIfAbsent(trade.symbol(), k -> new ArrayList<>())
            .add(
                describe(
                    trade.symbol(),
                    trade.price(),
                    trade.volume(),
                    trade.timeMs(),
                    trade.conditions()));
      }
    }
    // Per symbol (one partition), the first run's trades, then the second's, in arrival order.
    assertThat(actual).isEqualTo(expected);
  }

  /**
   * Replays the session at full speed through the ingest (a stack without processor); returns the
   * acked trades.
   */
  private static long replay(EngineSet engines, Path session, String topic, int expectedTrades) {
    RunNames names = RunNames.unique("it-ingest", engines.settings().workDir()).withTopic(topic);
    try (PipelineStack stack =
        PipelineStack.builder(engines, names, Feed.replay(session, Double.POSITIVE_INFINITY))
            .ingestOnly()
            .start()) {
      ReplayServer server = stack.replayServer().orElseThrow();
      server.awaitFinished(Duration.ofMinutes(5));
      // The ingest is a child JVM: its figures come from its status file.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> stack.ingestMetrics().acked() >= expectedTrades);
      stack.stop(FaultTarget.INGEST);
      assertThat(stack.ingestMetrics().sendFailures()).isZero();
      return stack.ingestMetrics().acked();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the replay did not finish", e);
    }
  }

  /**
   * Per symbol, Kafka holds the reference's trades in arrival order, each once, with unique ids.
   */
  private static void assertSameTrades(
      List<ConsumerRecord<byte[], byte[]>> records, Reference reference) {
    Map<String, List<String>> actual = new HashMap<>();
    Set<String> identities = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Trade trade = KafkaTrades.decode(record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(trade.getSymbol());
      actual
          .computeIfAbsent(trade.getSymbol(), k -> new ArrayList<>())
          .add(
              describe(
                  trade.getSymbol(),
                  trade.getPrice(),
                  trade.getVolume(),
                  trade.getTradeTsMs(),
                  trade.getConditions()));
      identities.add(
          trade.getIngestId() + "/" + trade.getFrameSeq() + "/" + trade.getIndexInFrame());
    }
    Map<String, List<String>> expected = new HashMap<>();
    for (ReferenceTrade trade : reference.trades()) {
      expected
          .computeIfAbsent(trade.symbol(), k -> new ArrayList<>())
          .add(
              describe(
                  trade.symbol(),
                  trade.price(),
                  trade.volume(),
                  trade.timeMs(),
                  trade.conditions()));
    }
    assertThat(records).hasSize(reference.trades().size());
    assertThat(identities).as("every trade has its own identity").hasSize(records.size());
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String symbol : expected.keySet()) {
      assertThat(actual.get(symbol)).as(symbol).containsExactlyElementsOf(expected.get(symbol));
    }
  }

  private static String describe(
      String symbol, double price, double volume, long time, List<String> conditions) {
    return symbol + " " + price + " " + volume + " " + time + " " + conditions;
  }
}
