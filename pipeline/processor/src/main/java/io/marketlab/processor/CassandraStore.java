package io.marketlab.processor;

import java.time.Instant;

/**
 * {@link ProcessorStore} on Cassandra. It holds settings only: on each JVM (driver or executor) the
 * session comes from the {@link SessionPool}, and each task writes through a {@link
 * CassandraWriter}. Every operation waits (retrying with backoff) while Cassandra is unreachable.
 */
final class CassandraStore implements ProcessorStore {

  private static final long serialVersionUID = 1L;

  private final StoreSettings settings;

  public CassandraStore(StoreSettings settings) {
    this.settings = settings;
  }

  /**
   * Connects and creates what is missing of the schema, waiting for Cassandra if it is not up yet
   * (the processor may start before it).
   */
  public void applySchema(Replication replication) {
    SessionPool.Pooled pooled = SessionPool.get(settings);
    Retry.run(
        settings,
        "applying the schema",
        () -> Schema.apply(pooled.session, settings.keyspace(), replication));
    pooled.statements();
  }

  @Override
  public ProcessorStore.RowWriter open() {
    return new CassandraWriter(SessionPool.get(settings), settings);
  }

  @Override
  public ProcessorStore.RowWriter openRealTime() {
    return new CassandraWriter(SessionPool.get(settings), settings, true);
  }

  @Override
  public void recordBatch(String queryId, BatchSummary s) {
    SessionPool.Pooled pooled = SessionPool.get(settings);
    Retry.run(
        settings,
        "recording batch " + s.batchId(),
        () ->
            pooled.session.execute(
                pooled
                    .statements()
                    .insertBatch
                    .boundStatementBuilder(
                        queryId,
                        s.batchId(),
                        s.records(),
                        s.trades(),
                        s.priceUpdates(),
                        s.lateTrades(),
                        s.deadLetters(),
                        s.candlesWritten(),
                        s.candlesFinalized(),
                        s.offsets(),
                        s.durationMillis(),
                        Instant.ofEpochMilli(s.finishedAtMs()))
                    .setIdempotence(true)
                    .build()));
  }

  /**
   * Whether the driver's session sees at least one Cassandra node up (false before it connected).
   */
  boolean anyNodeUp() {
    return SessionPool.anyNodeUp(settings);
  }
}
