package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's shipped demo session (real Binance trades) through the processor's streaming query
 * (decode, per-symbol state in RocksDB, executor-side writes), in micro-batches, with a crash in
 * the middle of one and a restart from the checkpoint: every trade stored once, every candle equal
 * to the test's own trade-by-trade computation.
 */
class DemoSessionTest {

  private static final Path SESSION = Path.of("../../replay-data/btc-eth-demo.session.gz");
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
  void should_store_every_trade_of_the_demo_session_once_and_exact_candles_despite_a_crash(
      @TempDir Path checkpoint) throws Exception {
    assumeTrue(Files.exists(SESSION), "missing " + SESSION.toAbsolutePath());
    List<TradeRow> arrival = readSession();
    InMemoryStore store = new InMemoryStore();
    MemoryKafka kafka = new MemoryKafka(spark);
    ProcessorConfig config =
        ProcessorMain.configFrom(
            List.of(
                "--kafka-bootstrap=unused:9092",
                "--checkpoint=" + checkpoint,
                "--query-name=demo-session",
                "--watermark-delay=10s"),
            Map.of());
    BatchWriter writer = new BatchWriter(store.handle(), null, Clock.systemUTC());
    spark.conf().set("spark.sql.shuffle.partitions", "2");
    StreamingQuery query = ProcessorQuery.start(spark, kafka.decoded(), config, writer);

    int batchSize = 1_000;
    for (int from = 0, batchId = 0; from < arrival.size(); from += batchSize, batchId++) {
      List<Row> records = new ArrayList<>();
      for (TradeRow t : arrival.subList(from, Math.min(arrival.size(), from + batchSize))) {
        records.add(KafkaRecords.record(t));
      }
      if (batchId == 3) { // kill -9 halfway through the trades of batch 3, then Spark runs it again
        store.failAfterWrites(batchSize / 2);
        kafka.add(records);
        StreamingQuery failing = query;
        assertThatThrownBy(failing::processAllAvailable).hasStackTraceContaining("simulated crash");
        store.heal();
        query = ProcessorQuery.start(spark, kafka.decoded(), config, writer); // same checkpoint
      } else {
        kafka.add(records);
      }
      query.processAllAvailable();
    }
    query.stop();

    Map<String, Integer> perSymbol = new TreeMap<>();
    for (TradeRow t : store.trades.values()) {
      perSymbol.merge(t.symbol(), 1, Integer::sum);
    }
    // replay-data/README.md: 6,018 trades (BTC 3,219 + ETH 2,799)
    assertThat(perSymbol)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("BINANCE:BTCUSDT", 3_219, "BINANCE:ETHUSDT", 2_799)));
    ExpectedTables expected = ExpectedTables.of(arrival, 10_000);
    assertThat(store.lateTrades.keySet()).isEqualTo(expected.lateTrades);
    assertThat(ExpectedTables.actual(store)).isEqualTo(expected.candles);
    assertThat(expected.candles.keySet()).anyMatch(k -> k.contains("|1h|"));
  }

  /**
   * Frames in order, each trade with its frame number and index, as the ingest would number them.
   */
  private static List<TradeRow> readSession() {
    List<TradeRow> trades = new ArrayList<>();
    long frameSeq = 0;
    long offset = 0;
    try (SessionReader reader = SessionReader.open(SESSION)) {
      for (SessionFrame frame : reader) {
        if (FinnhubCodec.parse(frame.text()) instanceof FinnhubMessage.Trades batch) {
          int index = 0;
          for (TradeTick tick : batch.valid()) {
            // One partition per symbol, as Kafka's key = symbol gives.
            int partition = tick.symbol().contains("BTC") ? 0 : 1;
            trades.add(
                new TradeRow(
                    tick.symbol(),
                    tick.price(),
                    tick.volume(),
                    tick.timeMs(),
                    tick.conditions(),
                    1_723_161_254_000_000L + frame.offsetMicros(),
                    "ing-demo",
                    frameSeq,
                    index++,
                    partition,
                    offset++,
                    tick.timeMs(),
                    false));
          }
        }
        frameSeq++;
      }
    }
    return trades;
  }
}
