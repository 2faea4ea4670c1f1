package io.marketlab.processor;

import static io.marketlab.processor.Trades.inFrame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming query itself (memory source shaped like Kafka, RocksDB state store, two shuffle
 * partitions, writes from the tasks): the same records in batches of 1, 7 and all at once, with a
 * restart from the checkpoint in the middle of one run, give the same tables, and those are the
 * ones a trade-by-trade model computes.
 */
class ProcessorQueryTest {

  private static final long T0 = 1_723_161_240_000L; // 2024-08-08T23:54:00Z, a whole minute
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = LocalSpark.session();
    spark.conf().set("spark.sql.shuffle.partitions", "2");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** Two symbols in two partitions, interleaved, with every case the rules have. */
  private static List<TradeRow> session() {
    List<TradeRow> a = new ArrayList<>();
    long[] aTimes = {
      1_000, 1_000, 1_500, 3_000, 2_500, 15_000, 4_000, 16_000, 62_000, 61_000, 30_000, 70_000
    };
    double[] aVolume = {1, 2, 0, 0.5, 0.25, 1, 9, 0.125, 3, 1, 4, 1};
    for (int i = 0; i < aTimes.length; i++) { // same ms, v = 0, out of order, 2 late, minute closes
      a.add(
          withPartition(
              inFrame("S:A", 100 + i, aVolume[i], T0 + aTimes[i], i, i == 1 ? 1 : 0, i), 0));
    }
    List<TradeRow> b = new ArrayList<>();
    long[] bTimes = {500, 800, 20_000, 9_000, 25_000, 3_700_000, 3_700_001, 3_695_000};
    for (int i = 0; i < bTimes.length; i++) { // 1 late, then an hour later (the hour closes)
      b.add(withPartition(inFrame("S:B", 50 + i / 10.0, 1 + i, T0 + bTimes[i], 100 + i, 0, i), 1));
    }
    List<TradeRow> trades = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < a.size()) {
        trades.add(a.get(i));
      }
      if (i < b.size()) {
        trades.add(b.get(i));
      }
    }
    return trades;
  }

  private static TradeRow withPartition(TradeRow t, int partition) {
    return new TradeRow(
        t.symbol(),
        t.price(),
        t.volume(),
        t.tradeTsMs(),
        List.of("1"),
        t.receivedAtUs(),
        t.ingestId(),
        t.frameSeq(),
        t.indexInFrame(),
        partition,
        t.kafkaOffset(),
        t.kafkaTsMs(),
        false);
  }

  /** The session's records in arrival order, with two dead letters mixed in. */
  private static List<Row> records(List<TradeRow> trades) {
    List<Row> records = new ArrayList<>();
    for (TradeRow t : trades) {
      records.add(KafkaRecords.record(t));
    }
    String tooLong = "X".repeat(Transforms.MAX_SYMBOL_BYTES + 1);
    records.add(
        3,
        KafkaRecords.record(
            new TradeRow(
                tooLong, 1, 1, T0 + 1_000, List.of(), 0, "ing-test", 99, 0, 0, 50, T0, false)));
    records.add(9, KafkaRecords.raw("S:B", new byte[] {1, 2, 3}, 1, 51, T0));
    return records;
  }

  private InMemoryStore run(
      List<Row> records, int batchSize, int restartAfterBatch, Path checkpoint) throws Exception {
    InMemoryStore store = new InMemoryStore();
    MemoryKafka kafka = new MemoryKafka(spark);
    ProcessorConfig config =
        ProcessorMain.configFrom(
            List.of(
                "--kafka-bootstrap=unused:9092",
                "--checkpoint=" + checkpoint,
                "--query-name=q" + batchSize,
                "--watermark-delay=10s"),
            Map.of());
    // As ProcessorMain does: the status file goes in the checkpoint directory before Spark's own.
    ProcessorStatus status = ProcessorStatus.manual(Path.of(config.statusPath()), "q");
    status.running();
    BatchWriter writer = new BatchWriter(store.handle(), status, Clock.systemUTC());
    StreamingQuery query = ProcessorQuery.start(spark, kafka.decoded(), config, writer);
    for (int from = 0, batch = 0; from < records.size(); from += batchSize, batch++) {
      kafka.add(records.subList(from, Math.min(records.size(), from + batchSize)));
      query.processAllAvailable();
      if (batch == restartAfterBatch) { // the state comes back from the checkpoint
        query.stop();
        query = ProcessorQuery.start(spark, kafka.decoded(), config, writer);
      }
    }
    query.stop();
    assertThat(Files.readString(Path.of(config.statusPath())))
        .contains("\"lastBatch\":{\"id\":" + (store.batches.size() - 1) + ",");
    return store;
  }

  @Test
  void should_write_the_same_tables_whatever_the_batching_and_across_a_restart(
      @TempDir Path checkpoints) throws Exception {
    List<TradeRow> trades = session();
    List<Row> records = records(trades);
    ExpectedTables expected = ExpectedTables.of(trades, 10_000);

    InMemoryStore all = run(records, records.size(), -1, checkpoints.resolve("all"));
    InMemoryStore sevens = run(records, 7, 1, checkpoints.resolve("sevens"));
    InMemoryStore ones = run(records, 1, -1, checkpoints.resolve("ones"));

    assertThat(expected.lateTrades).hasSize(3);
    assertThat(ExpectedTables.actual(all)).isEqualTo(expected.candles);
    assertThat(all.lateTrades.keySet()).isEqualTo(expected.lateTrades);
    assertThat(all.trades).hasSize(trades.size());
    assertThat(all.deadLetters.values())
        .extracting(DeadLetter::reason)
        .containsExactly(
            "symbol is 65521 bytes, over Cassandra's key limit (65520 bytes)",
            "value is not an Avro Trade (3 bytes)");
    for (InMemoryStore other : List.of(sevens, ones)) {
      assertThat(other.trades).isEqualTo(all.trades);
      assertThat(other.candles).isEqualTo(all.candles);
      assertThat(other.lateTrades).isEqualTo(all.lateTrades);
      assertThat(other.deadLetters.keySet()).isEqualTo(all.deadLetters.keySet());
      assertThat(other.symbols).isEqualTo(all.symbols);
    }
    assertThat(all.symbols).containsEntry("S:A", T0 + 70_000).containsEntry("S:B", T0 + 3_700_001);
    // Every window the watermark passed is final; the others are open.
    for (Map.Entry<String, Candle> entry : all.candles.entrySet()) {
      Candle c = entry.getValue();
      long watermark = all.symbols.get(c.symbol()) - 10_000;
      assertThat(c.isFinal()).as(entry.getKey()).isEqualTo(c.windowEndMs() <= watermark);
    }
    assertThat(all.candles.values())
        .anyMatch(c -> c.isFinal() && c.resolution().label().equals("1h"));
  }

  @Test
  void should_count_each_batch_in_processor_batches(@TempDir Path checkpoint) throws Exception {
    List<TradeRow> trades = session();
    List<Row> records = records(trades);

    InMemoryStore store = run(records, 7, -1, checkpoint);

    assertThat(store.batches).extracting(BatchSummary::batchId).containsExactly(0L, 1L, 2L, 3L);
    assertThat(store.batches).extracting(BatchSummary::records).containsExactly(7L, 7L, 7L, 1L);
    assertThat(store.batches.stream().mapToLong(BatchSummary::trades).sum())
        .isEqualTo(trades.size());
    assertThat(store.batches.stream().mapToLong(BatchSummary::lateTrades).sum()).isEqualTo(3);
    assertThat(store.batches.stream().mapToLong(BatchSummary::deadLetters).sum()).isEqualTo(2);
    assertThat(store.batches.stream().mapToLong(BatchSummary::priceUpdates).sum()).isEqualTo(1);
    assertThat(store.batches.get(0).offsets()).isEqualTo("p0:[0..50] p1:[0..2]");
    assertThat(store.batches.stream().mapToLong(BatchSummary::candlesWritten).sum())
        .isGreaterThanOrEqualTo(store.candles.size());
  }

  @Test
  void should_use_rocksdb_and_the_file_system_api_for_a_local_checkpoint() {
    ProcessorQuery.configure(spark, ProcessorConfig.defaults("k:1", "/tmp/cp"));

    assertThat(spark.conf().get(ProcessorQuery.STATE_STORE_PROVIDER))
        .endsWith(".RocksDBStateStoreProvider");
    assertThat(spark.conf().get(ProcessorQuery.ROCKSDB_CHANGELOG)).isEqualTo("true");
    assertThat(spark.conf().get(ProcessorQuery.CHECKPOINT_FILE_MANAGER))
        .isEqualTo(ProcessorQuery.LOCAL_CHECKPOINT_FILE_MANAGER);
    assertThat(ProcessorQuery.isLocal("file:///tmp/cp")).isTrue();
    assertThat(ProcessorQuery.isLocal("relative/cp")).isTrue();
    assertThat(ProcessorQuery.isLocal("hdfs://nn:8020/cp")).isFalse();
    assertThat(ProcessorQuery.isLocal("s3a://bucket/cp")).isFalse();
  }
}
