package io.marketlab.processor;

import static io.marketlab.processor.Trades.inFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.TradeSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.LowLatencyMemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Trade rows through Real-Time Mode ({@code trade-rows=real-time}): written as records arrive, not
 * when the checkpoint interval ends; together with the stateful query (late flags, late trades,
 * candles) the tables equal those of the micro-batch query alone, whichever query writes first.
 */
class RealTimeRowsTest {

  private static final long T0 = 1_723_161_240_000L;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    // A task slot per stream partition for the real-time query, two for the stateful one.
    spark =
        SparkSession.builder()
            .master("local[4]")
            .appName("processor-test-rtm")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** A memory stream Real-Time Mode can read, two partitions, fed record by record. */
  private static final class RealTimeKafka {
    final LowLatencyMemoryStream<MemoryKafka.Record> stream =
        LowLatencyMemoryStream.apply(2, Encoders.bean(MemoryKafka.Record.class), spark);

    void add(Row kafkaRow) {
      MemoryKafka.Record record = MemoryKafka.record(kafkaRow);
      stream.addData(record.getPartition(), CollectionConverters.asScala(List.of(record)).toSeq());
    }
  }

  private static ProcessorConfig config(Path checkpoint) {
    return ProcessorMain.configFrom(
        List.of(
            "--kafka-bootstrap=unused:9092",
            "--checkpoint=" + checkpoint,
            "--query-name=rtm",
            "--trade-rows=real-time",
            "--real-time-batch=5m"),
        Map.of());
  }

  private static List<TradeRow> session() {
    List<TradeRow> trades = new ArrayList<>();
    long[] times = {1_000, 1_200, 15_000, 4_000, 16_000, 62_000, 30_000, 70_000};
    for (int i = 0; i < times.length; i++) { // 4_000 and 30_000 are late
      TradeRow t = inFrame("S:A", 100 + i, 1 + i, T0 + times[i], i, 0, i);
      trades.add(
          new TradeRow(
              t.symbol(),
              t.price(),
              t.volume(),
              t.tradeTsMs(),
              List.of(),
              t.receivedAtUs(),
              t.ingestId(),
              t.frameSeq(),
              t.indexInFrame(),
              0,
              t.kafkaOffset(),
              t.kafkaTsMs(),
              false));
    }
    return trades;
  }

  @Test
  void should_write_each_row_as_it_arrives_without_waiting_for_the_interval_to_end(
      @TempDir Path checkpoint) throws Exception {
    InMemoryStore store = new InMemoryStore();
    RealTimeKafka kafka = new RealTimeKafka();
    StreamingQuery query =
        RealTimeRows.start(
            Transforms.decode(kafka.stream.toDF(), TradeSchema.json()),
            config(checkpoint),
            store.handle());
    try {
      TradeRow trade = inFrame("S", 10, 1, T0, 1, 0, 7);
      kafka.add(KafkaRecords.record(trade));
      kafka.add(KafkaRecords.raw("S", new byte[] {9}, 1, 3, T0));

      long deadline = System.nanoTime() + 60_000_000_000L;
      while (store.rowCount() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(query.isActive()).isTrue(); // the 5 min interval is still running
      assertThat(store.trades.get(InMemoryStore.tradeKey(trade))).isEqualTo(trade);
      assertThat(store.deadLetters.values())
          .extracting(DeadLetter::reason)
          .containsExactly("value is not an Avro Trade (1 bytes)");
    } finally {
      RealTimeRows.stopQuietly(query);
    }
  }

  @Test
  void should_end_with_the_tables_of_the_micro_batch_query_whichever_query_writes_first(
      @TempDir Path checkpoints) throws Exception {
    List<TradeRow> trades = session();
    List<Row> records = new ArrayList<>();
    for (TradeRow t : trades) {
      records.add(KafkaRecords.record(t));
    }
    records.add(KafkaRecords.raw("S:A", new byte[] {1, 2}, 1, 0, T0));

    InMemoryStore alone = new InMemoryStore();
    MemoryKafka kafkaAlone = new MemoryKafka(spark);
    ProcessorConfig microBatch =
        ProcessorMain.configFrom(
            List.of(
                "--kafka-bootstrap=u:1",
                "--checkpoint=" + checkpoints.resolve("alone"),
                "--query-name=alone"),
            Map.of());
    StreamingQuery single =
        ProcessorQuery.start(
            spark,
            kafkaAlone.decoded(),
            microBatch,
            new BatchWriter(alone.handle(), null, Clock.systemUTC()));
    kafkaAlone.add(records);
    single.processAllAvailable();
    single.stop();

    for (boolean realTimeFirst : new boolean[] {true, false}) {
      InMemoryStore both = new InMemoryStore();
      ProcessorConfig config = config(checkpoints.resolve("both-" + realTimeFirst));
      RealTimeKafka rowsKafka = new RealTimeKafka();
      MemoryKafka statefulKafka = new MemoryKafka(spark);
      StreamingQuery rows =
          RealTimeRows.start(
              Transforms.decode(rowsKafka.stream.toDF(), TradeSchema.json()),
              config,
              both.handle());
      StreamingQuery stateful =
          ProcessorQuery.start(
              spark,
              statefulKafka.decoded(),
              config,
              new BatchWriter(both.handle(), false, null, Clock.systemUTC()));
      if (realTimeFirst) {
        records.forEach(rowsKafka::add);
        awaitRows(both, trades.size() + 1);
        statefulKafka.add(records);
        stateful.processAllAvailable();
      } else {
        statefulKafka.add(records);
        stateful.processAllAvailable();
        records.forEach(rowsKafka::add);
        awaitRows(both, trades.size() + 1);
      }
      RealTimeRows.stopQuietly(rows);
      stateful.stop();

      assertThat(both.trades).as("real-time first: %s", realTimeFirst).isEqualTo(alone.trades);
      assertThat(both.trades.values()).filteredOn(TradeRow::late).hasSize(2);
      assertThat(both.lateTrades).isEqualTo(alone.lateTrades);
      assertThat(both.candles).isEqualTo(alone.candles);
      assertThat(both.deadLetters.keySet()).isEqualTo(alone.deadLetters.keySet());
      assertThat(both.symbols).isEqualTo(alone.symbols);
      assertThat(both.batches.get(0).records()).isEqualTo(records.size());
    }
  }

  private static void awaitRows(InMemoryStore store, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (store.rowCount() < rows && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
