package io.marketlab.processor;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.model.GapSchema;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The small third query: the gaps topic ({@code TOPIC.gaps}) → the {@code gaps} table, and for each
 * gap {@code candles.incomplete = true} on every window it meets ({@link GapSpan}), by an UPDATE of
 * that column alone. Stateless, micro-batches, its own checkpoint ({@code <checkpoint>-gaps});
 * every write is idempotent, so a replayed batch writes the same cells. A value that is not a
 * usable gap goes to dead_letters with the reason.
 */
final class GapQuery {

  private GapQuery() {}

  /** The gaps query's checkpoint, beside the stateful query's. */
  static String checkpointDir(ProcessorConfig config) {
    return config.checkpointDir().replaceFirst("/+$", "") + "-gaps";
  }

  static StreamingQuery start(SparkSession spark, ProcessorConfig config, StoreSettings store)
      throws TimeoutException {
    Dataset<Row> kafka =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.kafkaBootstrap())
            .option("subscribe", GapSchema.topicFor(config.topic()))
            .option("startingOffsets", config.startingOffsets())
            .option("failOnDataLoss", config.failOnDataLoss())
            .load()
            .selectExpr(
                "value", "topic", "partition", "offset", "unix_millis(timestamp) AS kafka_ts_ms");
    ProcessorQuery.configure(spark, config);
    return kafka
        .writeStream()
        .queryName(config.queryName() + "-gaps")
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", checkpointDir(config))
        .trigger(Trigger.ProcessingTime(Math.max(500, config.triggerInterval().toMillis())))
        .foreach(new Writer(store))
        .start();
  }

  /** Writes each gap and its marks at once, waiting for them (gaps are few). */
  static final class Writer extends ForeachWriter<Row> {

    private static final long serialVersionUID = 1L;

    private final StoreSettings settings;
    private transient SessionPool.Pooled pooled;

    Writer(StoreSettings settings) {
      this.settings = settings;
    }

    @Override
    public boolean open(long partitionId, long epochId) {
      pooled = SessionPool.get(settings);
      return true;
    }

    @Override
    public void process(Row row) {
      byte[] value = row.getAs("value");
      GapRow gap;
      try {
        gap = GapRow.decode(value);
      } catch (IllegalArgumentException e) {
        deadLetter(row, value, "gap: " + e.getMessage());
        return;
      }
      Statements statements = pooled.statements();
      List<BoundStatement> writes = new ArrayList<>();
      writes.add(
          statements.insertGap.bind(
              gap.symbol(),
              Instant.ofEpochMilli(gap.gapStartMs()),
              gap.ingestId(),
              gap.fromReceivedAtMicros(),
              gap.fromMs() == null ? null : Instant.ofEpochMilli(gap.fromMs()),
              gap.toMs() == null ? null : Instant.ofEpochMilli(gap.toMs()),
              gap.toReceivedAtMicros(),
              gap.reason(),
              nowMicros()));
      for (Resolution resolution : Resolution.values()) {
        for (long start : gap.span().windows(resolution)) {
          writes.add(
              statements.markIncomplete.bind(
                  gap.symbol(),
                  resolution.label(),
                  resolution.bucket(start),
                  Instant.ofEpochMilli(start)));
        }
      }
      execute(writes);
    }

    private void deadLetter(Row row, byte[] value, String reason) {
      long kafkaTs = row.<Long>getAs("kafka_ts_ms");
      PreparedStatement insert = pooled.statements().insertDeadLetter;
      execute(
          List.of(
              insert.bind(
                  row.<String>getAs("topic"),
                  DeadLetters.day(kafkaTs),
                  row.<Integer>getAs("partition"),
                  row.<Long>getAs("offset"),
                  Instant.ofEpochMilli(kafkaTs),
                  ByteBuffer.wrap(value == null ? new byte[0] : value),
                  reason,
                  nowMicros())));
    }

    /** Sends the statements (at most 64 in flight) until all are written, retrying outages. */
    private void execute(List<BoundStatement> writes) {
      for (int from = 0; from < writes.size(); from += 64) {
        List<BoundStatement> slice = writes.subList(from, Math.min(writes.size(), from + 64));
        Retry.run(
            settings,
            "writing gaps",
            () -> {
              List<CompletableFuture<?>> pending = new ArrayList<>();
              for (BoundStatement write : slice) {
                CompletionStage<?> stage = pooled.session.executeAsync(write);
                pending.add(stage.toCompletableFuture());
              }
              try {
                CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
              } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
              }
            });
      }
    }

    @Override
    public void close(Throwable error) {
      pooled = null;
    }

    private static long nowMicros() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
  }
}
